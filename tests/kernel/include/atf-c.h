/*	$simplelock: tests/kernel/include/atf-c.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * An ATF-shaped shim for the bare-metal kernel: the test case sources
 * of tests/sys (and tests/kernel) compile unchanged, and the kernel's
 * runner (kt_main.c) runs each case in a kernel thread and prints TAP.
 * A failed ATF_REQUIRE ends the thread that made it; ATF_CHECK goes on.
 */

#ifndef _KT_ATF_C_H_
#define _KT_ATF_C_H_

#include <stddef.h>

#define	__BM_ATF_SHIM	1

struct kt_tc {
	const char	*tc_name;
	void		(*tc_head)(struct kt_tc *);
	void		(*tc_body)(const struct kt_tc *);
	unsigned int	tc_timeout;	/* seconds; 0: the default */
	unsigned int	tc_mincpus;	/* skipped below this */
	const char	*tc_descr;
};

struct kt_tp {
	const char	*tp_name;
	struct kt_tc	*tp_tcs[64];
	int		tp_ntcs;
};

typedef int atf_error_t;

void	kt_add_tc(struct kt_tp *, struct kt_tc *);
long	kt_work(long);
void	kt_set_md_var(struct kt_tc *, const char *, const char *);
void	kt_fail(int, const char *, int, const char *, ...)
	    __attribute__((__format__(__printf__, 4, 5)));
void	kt_skip(const char *, ...)
	    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));

#define	__KT_CAT2(a, b)		a ## b
#define	__KT_CAT(a, b)		__KT_CAT2(a, b)

#define	ATF_TC_WITHOUT_HEAD(n)						\
	static void __KT_CAT(kt_body_, n)(const struct kt_tc *);	\
	static struct kt_tc __KT_CAT(kt_tc_, n) =			\
	    { #n, NULL, __KT_CAT(kt_body_, n), 0, 0, NULL }
#define	ATF_TC(n)							\
	static void __KT_CAT(kt_head_, n)(struct kt_tc *);		\
	static void __KT_CAT(kt_body_, n)(const struct kt_tc *);	\
	static struct kt_tc __KT_CAT(kt_tc_, n) =			\
	    { #n, __KT_CAT(kt_head_, n), __KT_CAT(kt_body_, n), 0, 0, NULL }
#define	ATF_TC_HEAD(n, tc)						\
	static void __KT_CAT(kt_head_, n)(struct kt_tc *tc)
#define	ATF_TC_BODY(n, tc)						\
	static void __KT_CAT(kt_body_, n)(				\
	    const struct kt_tc *tc __attribute__((__unused__)))

/* Each program's case list: kt_tp_<file name>(). */
#define	ATF_TP_ADD_TCS(tp)						\
	int __KT_CAT(kt_tp_, BM_ATF_PROG)(struct kt_tp *tp)
#define	ATF_TP_ADD_TC(tp, n)	kt_add_tc((tp), &__KT_CAT(kt_tc_, n))
#define	atf_no_error()		0
#define	atf_tc_set_md_var(tc, k, v)	kt_set_md_var((tc), (k), (v))
#define	atf_tc_skip(...)	kt_skip(__VA_ARGS__)
#define	atf_tc_fail(...)	kt_fail(1, __FILE__, __LINE__, __VA_ARGS__)

#define	ATF_REQUIRE(x)							\
	do { if (!(x)) kt_fail(1, __FILE__, __LINE__, "%s", #x); } while (0)
#define	ATF_CHECK(x)							\
	do { if (!(x)) kt_fail(0, __FILE__, __LINE__, "%s", #x); } while (0)
#define	ATF_REQUIRE_MSG(x, ...)						\
	do { if (!(x)) kt_fail(1, __FILE__, __LINE__, __VA_ARGS__); } while (0)
#define	ATF_CHECK_MSG(x, ...)						\
	do { if (!(x)) kt_fail(0, __FILE__, __LINE__, __VA_ARGS__); } while (0)
#define	ATF_REQUIRE_EQ(a, b)						\
	do { if ((a) != (b)) kt_fail(1, __FILE__, __LINE__,		\
	    "%s != %s", #a, #b); } while (0)
#define	ATF_CHECK_EQ(a, b)						\
	do { if ((a) != (b)) kt_fail(0, __FILE__, __LINE__,		\
	    "%s != %s", #a, #b); } while (0)
#define	ATF_REQUIRE_EQ_MSG(a, b, ...)					\
	do { if ((a) != (b)) kt_fail(1, __FILE__, __LINE__,		\
	    __VA_ARGS__); } while (0)
#define	ATF_CHECK_EQ_MSG(a, b, ...)					\
	do { if ((a) != (b)) kt_fail(0, __FILE__, __LINE__,		\
	    __VA_ARGS__); } while (0)

#endif /* !_KT_ATF_C_H_ */
