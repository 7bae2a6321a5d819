/*	$simplelock: sys/platform.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * What sys/kern needs from the kernel it runs in.  A real kernel
 * supplies these; sys/rump/ supplies them for a userland process, where
 * threads play CPUs and processes, a per-thread level plays the CPU's
 * interrupt level and a signal plays a device interrupt.
 *
 * Code in sys/kern uses only this header, <sys/lock.h> and the
 * compiler's __atomic builtins.
 */

#ifndef _SYS_PLATFORM_H_
#define _SYS_PLATFORM_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Per-CPU arrays have this many slots; cpu_number() is below it. */
#define	MAXCPUS		64

/*
 * Interrupt priority, spl(9).  splhigh() blocks every interrupt and
 * returns the previous level for splx().  intr_enabled() is true when
 * interrupts are deliverable (Plan 9's islo()).  splraise() raises
 * the level to at least the one given and returns the previous, as
 * splhigh() does for IPL_HIGH; it never lowers it.
 */
#define	IPL_NONE	0	/* every interrupt deliverable */
#define	IPL_HIGH	1	/* every interrupt blocked */

int	splhigh(void);
int	splraise(int);
void	splx(int);
int	intr_enabled(void);

/*
 * CPUs.  cpu_number() is the calling CPU's slot, stable while the
 * caller cannot be preempted.  cpu_count() is how many CPUs the kernel
 * runs on (1: a uniprocessor).  cpu_index_max() is one more than the
 * highest slot ever used, the bound for a scan of per-CPU data.
 */
unsigned int	cpu_number(void);
unsigned int	cpu_count(void);
unsigned int	cpu_index_max(void);

/*
 * Processes.  curproc_get() is NULL where there is no current process
 * (the scheduler, an interrupt).  Larger priority numbers are more
 * urgent; PRI_MAX is the highest.  preempt() offers the CPU to
 * another process; sched_higher_ready() is true if a process more
 * urgent than the caller is waiting for it.
 */
struct proc;

#define	PRI_MIN		0
#define	PRI_NORMAL	10
#define	PRI_MAX		31

struct proc	*curproc_get(void);
int		proc_pid(const struct proc *);
int		proc_getpri(const struct proc *);
void		proc_setpri(struct proc *, int);
void		preempt(void);
int		sched_higher_ready(void);

/*
 * Kernel preemption, counted: while kpreempt_disabled(), the caller
 * keeps its CPU.
 */
void	kpreempt_disable(void);
void	kpreempt_enable(void);
int	kpreempt_disabled(void);

/* Monotonic time in nanoseconds; safe in interrupt context. */
uint64_t	nanouptime(void);

/*
 * The console, and the end of the world.  cons_printf() prints one
 * line (a newline is added if the format lacks one); both may be
 * called with interrupts disabled and from an interrupt.
 */
void	cons_printf(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	panic(const char *, ...)
	    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));

/* The caller's return address, for diagnostics (Plan 9's getcallerpc). */
#define	getcallerpc()	((uintptr_t)__builtin_return_address(0))

#ifdef __cplusplus
}
#endif

/*
 * cpu_number() and the preemption count are on every lock's fast path,
 * so each platform may supply inline forms of any of the calls above,
 * as macros, in <platform/platform_inline.h>.  The build selects the
 * platform as it selects <machine/...> (a directory "platform" on the
 * include path).  Code that wants only the calls, or a kernel that
 * links other out-of-line ones, defines PLATFORM_OUTOFLINE.
 */
#ifndef PLATFORM_OUTOFLINE
#include <platform/platform_inline.h>
#endif

#endif /* !_SYS_PLATFORM_H_ */
