/*	$simplelock: rump/rumpplat_inline.h $	*/

/*
 * The userland platform's inline forms of the <sys/platform.h> calls
 * that lock fast paths make: cpu_number() and the preemption count.
 * Each is one access to the calling thread's initial-exec TLS (one
 * %fs-relative instruction on x86-64), where a call into the library
 * cost more than a whole __cpu_simple_lock pair.  <sys/platform.h>
 * includes this in hosted builds; the out-of-line functions remain,
 * for function pointers and for code that #undefs the macros.
 */

#ifndef _RUMP_RUMPPLAT_INLINE_H_
#define _RUMP_RUMPPLAT_INLINE_H_

#if defined(__GNUC__) || defined(__clang__)

#ifdef __cplusplus
extern "C" {
#endif

/* Internal.  The part of a thread's platform state fast paths read. */
struct __rump_lwp_fast {
	int	lf_slot;	/* the thread's CPU; -1: not attached yet */
	int	lf_kpreempt;	/* kpreempt_disable() depth */
};

extern __thread struct __rump_lwp_fast __rump_curlwp_fast
    __attribute__((__tls_model__("initial-exec")));

unsigned int	__rump_attach_self(void);
void		__rump_kpreempt_underflow(void)
		    __attribute__((__noreturn__, __cold__));

/* A thread's first platform call makes it a CPU: out of line. */
static __inline unsigned int
__rump_cpu_number(void)
{
	int __slot = __rump_curlwp_fast.lf_slot;

	if (__builtin_expect(__slot < 0, 0))
		return __rump_attach_self();
	return (unsigned int)__slot;
}

/*
 * Only this thread and its signal handlers (interrupts, which leave
 * the count as they found it) touch the count: a plain increment is
 * enough.  The compiler barriers keep the held section inside.
 */
static __inline void
__rump_kpreempt_disable(void)
{

	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__rump_curlwp_fast.lf_kpreempt++;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static __inline void
__rump_kpreempt_enable(void)
{
	int __n;

	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__n = __rump_curlwp_fast.lf_kpreempt;
	if (__builtin_expect(__n <= 0, 0))
		__rump_kpreempt_underflow();
	__rump_curlwp_fast.lf_kpreempt = __n - 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
}

static __inline int
__rump_kpreempt_disabled(void)
{

	return __rump_curlwp_fast.lf_kpreempt != 0;
}

#define	cpu_number()		__rump_cpu_number()
#define	kpreempt_disable()	__rump_kpreempt_disable()
#define	kpreempt_enable()	__rump_kpreempt_enable()
#define	kpreempt_disabled()	__rump_kpreempt_disabled()

#ifdef __cplusplus
}
#endif

#endif /* __GNUC__ || __clang__ */

#endif /* !_RUMP_RUMPPLAT_INLINE_H_ */
