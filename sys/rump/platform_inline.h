/*	$simplelock: rump/platform_inline.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * The userland platform's inline forms of the <sys/platform.h> calls
 * that lock fast paths make: cpu_number(), the preemption count, the
 * interrupt level (spl), the current process and its priority, and
 * sched_higher_ready().  Each is an access or two to the calling
 * thread's initial-exec TLS (one %fs-relative instruction on x86-64),
 * where a call into the library cost more than a whole
 * __cpu_simple_lock pair.  <sys/platform.h> includes this as
 * <platform/platform_inline.h> where the build selects this platform;
 * the out-of-line functions remain, for function pointers and for code
 * that #undefs the macros.
 */

#ifndef _RUMP_PLATFORM_INLINE_H_
#define _RUMP_PLATFORM_INLINE_H_

#if defined(__GNUC__) || defined(__clang__)

#ifdef __cplusplus
extern "C" {
#endif

struct proc;

/*
 * Internal.  The part of a thread's platform state fast paths read.
 * lf_ipl is the soft interrupt level: a signal handler (an interrupt)
 * that finds it raised queues itself on the thread and returns; the
 * splx() that brings the level back to none replays the queue,
 * lf_qhead to lf_qtail (free-running counts).  See rumpplat(9).
 */
struct __rump_lwp_fast {
	int		lf_slot;	/* the thread's CPU; -1: not attached */
	int		lf_kpreempt;	/* kpreempt_disable() depth */
	int		lf_ipl;		/* 0: interrupts on */
	unsigned int	lf_qhead;	/* deferred interrupts replayed */
	unsigned int	lf_qtail;	/* deferred interrupts queued */
	struct proc	*lf_curproc;	/* NULL: no process on this CPU */
};

/* Internal.  The head of struct proc. */
struct __rump_proc_fast {
	int		pf_pri;
};

extern __thread struct __rump_lwp_fast __rump_curlwp_fast
    __attribute__((__tls_model__("initial-exec")));
extern unsigned int	__rump_nready;	/* processes marked ready */

unsigned int	__rump_attach_self(void);
struct proc	*__rump_curproc_attach(void);
int		__rump_sched_scan(void);
void		__rump_intr_replay(void);
void		__rump_kpreempt_underflow(void)
		    __attribute__((__noreturn__, __cold__));
void		__rump_spl_bad(int)
		    __attribute__((__noreturn__, __cold__));
void		__rump_pri_bad(struct proc *, int)
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

/*
 * The interrupt level: a per-thread word, as a CPU's own.  Handlers
 * that interrupt these leave the level as they found it, so a plain
 * load and store between compiler barriers is enough; lowering stores
 * first and then looks for deferred interrupts, so one that arrives
 * between the two is replayed too.  Levels are 0 (IPL_NONE) and 1
 * (IPL_HIGH).
 */
static __inline int
__rump_splraise(int __ipl)
{
	int __s;

	if (__builtin_expect((unsigned int)__ipl > 1, 0))
		__rump_spl_bad(__ipl);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__s = __atomic_load_n(&__rump_curlwp_fast.lf_ipl, __ATOMIC_RELAXED);
	if (__ipl > __s)
		__atomic_store_n(&__rump_curlwp_fast.lf_ipl, __ipl,
		    __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return __s;
}

static __inline void
__rump_splx(int __s)
{

	if (__builtin_expect((unsigned int)__s > 1, 0))
		__rump_spl_bad(__s);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&__rump_curlwp_fast.lf_ipl, __s, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (__builtin_expect(__s == 0 &&
	    __atomic_load_n(&__rump_curlwp_fast.lf_qhead, __ATOMIC_RELAXED) !=
	    __atomic_load_n(&__rump_curlwp_fast.lf_qtail, __ATOMIC_RELAXED),
	    0))
		__rump_intr_replay();
}

static __inline int
__rump_intr_enabled(void)
{

	return __atomic_load_n(&__rump_curlwp_fast.lf_ipl,
	    __ATOMIC_RELAXED) == 0;
}

/* Processes: the thread's own, and its priority in the proc's head. */
static __inline struct proc *
__rump_curproc_get(void)
{

	if (__builtin_expect(__rump_curlwp_fast.lf_slot < 0, 0))
		return __rump_curproc_attach();
	return __rump_curlwp_fast.lf_curproc;
}

static __inline int
__rump_proc_getpri(const struct proc *__p)
{

	return __atomic_load_n(&((const struct __rump_proc_fast *)
	    (const void *)__p)->pf_pri, __ATOMIC_RELAXED);
}

static __inline void
__rump_proc_setpri(struct proc *__p, int __pri)
{

	if (__builtin_expect((unsigned int)__pri > 31, 0))
		__rump_pri_bad(__p, __pri);
	__atomic_store_n(&((struct __rump_proc_fast *)(void *)__p)->pf_pri,
	    __pri, __ATOMIC_RELAXED);
}

/* Nothing ready (the common case) is one load; otherwise a scan. */
static __inline int
__rump_sched_higher_ready(void)
{

	if (__builtin_expect(__atomic_load_n(&__rump_nready,
	    __ATOMIC_RELAXED) == 0, 1))
		return 0;
	return __rump_sched_scan();
}

#define	cpu_number()		__rump_cpu_number()
#define	kpreempt_disable()	__rump_kpreempt_disable()
#define	kpreempt_enable()	__rump_kpreempt_enable()
#define	kpreempt_disabled()	__rump_kpreempt_disabled()
#define	splhigh()		__rump_splraise(1)
#define	splraise(ipl)		__rump_splraise(ipl)
#define	splx(s)			__rump_splx(s)
#define	intr_enabled()		__rump_intr_enabled()
#define	curproc_get()		__rump_curproc_get()
#define	proc_getpri(p)		__rump_proc_getpri(p)
#define	proc_setpri(p, pri)	__rump_proc_setpri(p, pri)
#define	sched_higher_ready()	__rump_sched_higher_ready()

#ifdef __cplusplus
}
#endif

#endif /* __GNUC__ || __clang__ */

#endif /* !_RUMP_PLATFORM_INLINE_H_ */
