/*	$simplelock: freestanding.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * The single-threaded semantics of __cpu_simple_lock(9), as a static
 * program with no C library: it makes its own system calls (write and
 * exit) and reports in TAP, which kyua runs.  For the CPUs that QEMU
 * can run but that have no C library here (alpha, riscv32, sparc v8),
 * so the port's code is executed and not only audited.  The cases
 * mirror tests/sys/t_lock.c's single-threaded ones.
 */

#include <sys/lock.h>

#include "archinfo.h"

/* System calls: number, three arguments; the result is ignored. */
#if defined(__alpha__)
#define	FS_SYS_WRITE	4
#define	FS_SYS_EXIT	1
static void
fs_syscall(long n, long a, long b, long c)
{
	register long v0 __asm__("$0") = n;
	register long a0 __asm__("$16") = a;
	register long a1 __asm__("$17") = b;
	register long a2 __asm__("$18") = c;

	__asm__ __volatile__("callsys"
	    : "+r" (v0), "+r" (a0), "+r" (a1), "+r" (a2)
	    :
	    : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$19", "$20",
	      "$21", "$22", "$23", "$24", "$25", "$27", "$28", "memory");
}

/* Entry: set up the global pointer, then run the cases. */
__asm__(
"	.globl	_start\n"
"	.ent	_start\n"
"_start:\n"
"	br	$29, 1f\n"
"1:	ldgp	$29, 0($29)\n"
"	lda	$27, fs_main\n"
"	jsr	$26, ($27), fs_main\n"
"	.end	_start\n");
#elif defined(__riscv)
#define	FS_SYS_WRITE	64
#define	FS_SYS_EXIT	93
static void
fs_syscall(long n, long a, long b, long c)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;

	__asm__ __volatile__("ecall"
	    : "+r" (a0)
	    : "r" (a7), "r" (a1), "r" (a2)
	    : "memory");
}

__asm__(
"	.globl	_start\n"
"_start:\n"
"	.option	push\n"
"	.option	norelax\n"
"	lla	gp, __global_pointer$\n"
"	.option	pop\n"
"	call	fs_main\n");
#elif defined(__sparc__) && !defined(__arch64__)
#define	FS_SYS_WRITE	4
#define	FS_SYS_EXIT	1
static void
fs_syscall(long n, long a, long b, long c)
{
	register long g1 __asm__("g1") = n;
	register long o0 __asm__("o0") = a;
	register long o1 __asm__("o1") = b;
	register long o2 __asm__("o2") = c;

	__asm__ __volatile__("t 0x10"
	    : "+r" (o0), "+r" (o1)
	    : "r" (g1), "r" (o2)
	    : "cc", "memory");
}

/* Room for a register window and the outgoing arguments. */
__asm__(
"	.globl	_start\n"
"_start:\n"
"	sub	%sp, 96, %sp\n"
"	call	fs_main\n"
"	 nop\n");
#else
#error "no system calls for this CPU in freestanding.c"
#endif

void	fs_main(void) __attribute__((__noreturn__));
void	*memset(void *, int, unsigned long);
void	*memcpy(void *, const void *, unsigned long);

/* The compiler may call these even here. */
void *
memset(void *p, int c, unsigned long n)
{
	volatile unsigned char *b = p;

	while (n-- > 0)
		*b++ = (unsigned char)c;
	return p;
}

void *
memcpy(void *d, const void *s, unsigned long n)
{
	volatile unsigned char *db = d;
	const unsigned char *sb = s;

	while (n-- > 0)
		*db++ = *sb++;
	return d;
}

static unsigned long
fs_strlen(const char *s)
{
	unsigned long n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

static void
fs_puts(const char *s)
{

	fs_syscall(FS_SYS_WRITE, 1, (long)s, (long)fs_strlen(s));
}

static void
fs_putu(unsigned long v)
{
	char buf[24];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && i > 0);
	fs_puts(&buf[i]);
}

static int fs_case_failed;
static unsigned fs_failures;

/* A failed check names its line and the case goes on. */
#define	CHECK(e)	fs_check((e) != 0, #e, __LINE__)
static void
fs_check(int ok, const char *what, unsigned line)
{

	if (ok)
		return;
	fs_puts("# line ");
	fs_putu(line);
	fs_puts(": failed: ");
	fs_puts(what);
	fs_puts("\n");
	fs_case_failed = 1;
}

static void
require_free(const __cpu_simple_lock_t *lp)
{

	CHECK(__SIMPLELOCK_UNLOCKED_P(lp));
	CHECK(!__SIMPLELOCK_LOCKED_P(lp));
}

static void
require_held(const __cpu_simple_lock_t *lp)
{

	CHECK(__SIMPLELOCK_LOCKED_P(lp));
	CHECK(!__SIMPLELOCK_UNLOCKED_P(lp));
}

static __cpu_simple_lock_t static_free = __SIMPLELOCK_UNLOCKED;
static __cpu_simple_lock_t static_held = __SIMPLELOCK_LOCKED;

static void
case_init(void)
{
	__cpu_simple_lock_t l;

	require_free(&static_free);
	require_held(&static_held);
	CHECK(__cpu_simple_lock_try(&static_held) == 0);
	memset((void *)&l, 0xa5, sizeof(l));
	__cpu_simple_lock_init(&l);
	require_free(&l);
	CHECK(__cpu_simple_lock_try(&l) == 1);
	require_held(&l);
	__cpu_simple_lock_init(&l);
	require_free(&l);
}

static void
case_try(void)
{
	__cpu_simple_lock_t l;

	__cpu_simple_lock_init(&l);
	CHECK(__cpu_simple_lock_try(&l) == 1);
	require_held(&l);
	CHECK(__cpu_simple_lock_try(&l) == 0);
	CHECK(__cpu_simple_lock_try(&l) == 0);
	require_held(&l);
	__cpu_simple_unlock(&l);
	require_free(&l);
	CHECK(__cpu_simple_lock_try(&l) == 1);
	__cpu_simple_unlock(&l);
	require_free(&l);
}

static void
case_lock_unlock(void)
{
	__cpu_simple_lock_t l;
	int i;

	__cpu_simple_lock_init(&l);
	for (i = 0; i < 3; i++) {
		__cpu_simple_lock(&l);
		require_held(&l);
		CHECK(__cpu_simple_lock_try(&l) == 0);
		__cpu_simple_unlock(&l);
		require_free(&l);
	}
}

static void
case_set_clear(void)
{
	__cpu_simple_lock_t l;

	__cpu_simple_lock_init(&l);
	__cpu_simple_lock_set(&l);
	require_held(&l);
	CHECK(__cpu_simple_lock_try(&l) == 0);
	__cpu_simple_lock_clear(&l);
	require_free(&l);
	CHECK(__cpu_simple_lock_try(&l) == 1);
	require_held(&l);
	__cpu_simple_lock_clear(&l);
	require_free(&l);
}

static int
same_bytes(const volatile void *p, const unsigned char *want, unsigned long n)
{
	const volatile unsigned char *b = p;
	unsigned long i;

	for (i = 0; i < n; i++)
		if (b[i] != want[i])
			return 0;
	return 1;
}

static void
case_representation(void)
{
	static const unsigned char locked[] = ARCHINFO_LOCKED;
	static const unsigned char unlocked[] = ARCHINFO_UNLOCKED;
	__cpu_simple_lock_t l;

	CHECK(sizeof(__cpu_simple_lock_t) == ARCHINFO_SIZE);
	CHECK(__alignof__(__cpu_simple_lock_t) == ARCHINFO_ALIGN);
	CHECK(sizeof(locked) == ARCHINFO_SIZE);
	CHECK(same_bytes(&static_held, locked, sizeof(locked)));
	CHECK(same_bytes(&static_free, unlocked, sizeof(unlocked)));
	memset((void *)&l, 0x5a, sizeof(l));
	__cpu_simple_lock_init(&l);
	CHECK(same_bytes(&l, unlocked, sizeof(unlocked)));
#if ARCHINFO_SIZE <= 8
	__cpu_simple_lock(&l);
	CHECK(same_bytes(&l, locked, sizeof(locked)));
	__cpu_simple_unlock(&l);
	CHECK(same_bytes(&l, unlocked, sizeof(unlocked)));
	__cpu_simple_lock_set(&l);
	CHECK(same_bytes(&l, locked, sizeof(locked)));
	__cpu_simple_lock_clear(&l);
	CHECK(same_bytes(&l, unlocked, sizeof(unlocked)));
#endif
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "init", case_init },
	{ "try", case_try },
	{ "lock_unlock", case_lock_unlock },
	{ "set_clear", case_set_clear },
	{ "representation", case_representation },
};

void
fs_main(void)
{
	unsigned i, n = sizeof(cases) / sizeof(cases[0]);

	fs_puts("1..");
	fs_putu(n);
	fs_puts("\n# " ARCHINFO_ARCH ", " ARCHINFO_IMPL " flavour\n");
	for (i = 0; i < n; i++) {
		fs_case_failed = 0;
		cases[i].fn();
		fs_puts(fs_case_failed ? "not ok " : "ok ");
		fs_putu(i + 1);
		fs_puts(" - ");
		fs_puts(cases[i].name);
		fs_puts("\n");
		fs_failures += fs_case_failed;
	}
	fs_syscall(FS_SYS_EXIT, fs_failures != 0, 0, 0);
	for (;;)
		continue;
}
