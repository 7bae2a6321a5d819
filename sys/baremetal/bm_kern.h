/*	$simplelock: baremetal/bm_kern.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's own interface, beyond <sys/platform.h>:
 * threads, sleeping by timer ticks, per-CPU tick hooks, the console
 * capture and the watchdog.  The in-kernel tests (tests/kernel) use
 * it; sys/kern does not.
 */

#ifndef _BAREMETAL_BM_KERN_H_
#define _BAREMETAL_BM_KERN_H_

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#include <sys/lock.h>
#include <sys/platform.h>

#include "md.h"

/* Timer interrupts per second on every CPU. */
#ifndef BM_HZ
#define	BM_HZ		500
#endif

/* Threads in the pool, all CPUs together. */
#define	BM_NTHREADS	48

/* The idle thread's priority: below every thread's. */
#define	BM_PRI_IDLE	(-1)

enum bm_pstate {
	BM_PFREE = 0,
	BM_PRUN,		/* on its CPU now */
	BM_PREADY,		/* on its CPU's run queue */
	BM_PSLEEP,		/* on its CPU's sleep queue */
	BM_PDEAD		/* exited; its stack is in use until switched */
};

/*
 * A counter other CPUs read: a word, which every CPU loads and stores
 * atomically (a 32-bit CPU may have no 64-bit atomics, and a kernel
 * has no libatomic).  At BM_HZ, 32 bits of ticks last 99 days.
 */
typedef unsigned long	bm_count_t;

struct proc {
	void		*p_sp;		/* saved by md_switch */
	int		p_pid;
	int		p_pri;		/* relaxed atomic: read across CPUs */
	int		p_state;
	int		p_kpreempt;	/* kpreempt_disable() depth */
	unsigned int	p_cpu;		/* threads never migrate */
	bm_count_t	p_wake;		/* BM_PSLEEP: the tick to wake at */
	struct proc	*p_next;	/* run or sleep queue */
	void		(*p_fn)(void *);
	void		*p_arg;
	int		p_done;		/* set once the stack is free */
	int		p_failed;	/* a test assertion failed in it */
	const char	*p_name;
	unsigned char	*p_stack;
};

/*
 * The kernel's own spin lock, on the compiler's atomics: the scheduler
 * and the console must not depend on the locks under test (a broken
 * lock is a negative control).  Taken with interrupts masked.
 */
typedef int	bm_lock_t;

static __inline int
bm_lock_try(bm_lock_t *l)
{

	return __atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) == 0;
}

static __inline void
bm_lock(bm_lock_t *l)
{

	while (!bm_lock_try(l))
		while (__atomic_load_n(l, __ATOMIC_RELAXED) != 0)
			SPINLOCK_BACKOFF_HOOK;
}

static __inline void
bm_unlock(bm_lock_t *l)
{

	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

struct bm_cpu {
	struct proc		*c_curproc;
	struct proc		c_idle;		/* the boot context */
	bm_lock_t		c_qlock;	/* the queues; intr masked */
	struct proc		*c_runq;	/* FIFO */
	struct proc		*c_sleepq;
	struct proc		*c_prev;	/* switched from: finish it */
	int			c_intr;		/* interrupt depth */
	int			c_resched;	/* preempt at interrupt exit */
	bm_count_t		c_ticks;	/* relaxed atomic */
	unsigned long		c_nswitch;	/* all switches */
	unsigned long		c_npreempt;	/* preempt() calls */
	unsigned long		c_nyield;	/* ... that switched */
	unsigned long		c_ninvol;	/* preemptions by the timer */
	void			(*c_tickfn)(void *);	/* a test's hook */
	void			*c_tickarg;
} __attribute__((__aligned__(64)));

extern struct bm_cpu	bm_cpus[MAXCPUS];

/* This CPU's state. */
#define	bm_curcpu()	(&bm_cpus[md_cpu_index()])

/* Threads: bound to a CPU, with a priority; join frees the slot. */
struct proc	*bm_thread_create(const char *, unsigned int, int,
		    void (*)(void *), void *);
void		bm_thread_exit(void) __attribute__((__noreturn__));
void		bm_thread_join(struct proc *);
void		bm_sleep(unsigned int);		/* timer ticks */
struct proc	*bm_curproc(void);		/* also in interrupts */

/* Timer ticks taken by a CPU so far. */
bm_count_t	bm_ticks(unsigned int);
/* Run fn(arg) in every timer interrupt of cpu (NULL: stop). */
void		bm_set_tick_hook(unsigned int, void (*)(void *), void *);

/* Console: formatting, and what was printed since a mark. */
int		bm_vsnprintf(char *, size_t, const char *, va_list);
int		bm_snprintf(char *, size_t, const char *, ...)
		    __attribute__((__format__(__printf__, 3, 4)));
bm_count_t	bm_cons_mark(void);
int		bm_cons_seen(bm_count_t, const char *);
void		bm_cons_puts(const char *);	/* raw, no newline added */

/*
 * The watchdog: unless rearmed or cleared within ticks of CPU 0's
 * timer (or that time and a second on any CPU's clock, if CPU 0 is
 * stuck with interrupts masked or starved of ticks), print line and
 * power off as failed.
 */
void		bm_watchdog(unsigned int, const char *);

/* The test program: runs in a thread on CPU 0, never returns. */
void		bm_tests_main(void *) __attribute__((__noreturn__));

#endif /* !_BAREMETAL_BM_KERN_H_ */
