/*	$simplelock: rump/rumpplat.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Test control of the userland platform (sys/rump), under which the
 * code in sys/kern runs as a rump kernel: every thread is a CPU and,
 * unless told otherwise, a process.  Nothing here is needed for
 * normal use; threads attach themselves on first use of <sys/platform.h>.
 * See rumpplat(9).
 */

#ifndef _RUMP_RUMPPLAT_H_
#define _RUMP_RUMPPLAT_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct proc;

/* What cpu_count() says; 1 makes a uniprocessor.  Returns the old. */
unsigned int	rump_setncpu(unsigned int);

/*
 * Attach the calling thread as a CPU and a process of the given
 * priority (or re-prioritise it if attached); or as a CPU with no
 * current process, as the scheduler runs.  Both return the CPU slot.
 * rump_detach() gives the slot back; thread exit does it too.
 */
unsigned int	rump_attach(int);
unsigned int	rump_attach_noproc(void);
void		rump_detach(void);

/* How many CPU slots threads hold now. */
unsigned int	rump_cpus_attached(void);

/*
 * The scheduler's view: a ready process is waiting for a CPU, and
 * counts for sched_higher_ready().  preempt() makes its caller ready
 * while it yields; tests may mark any attached process.
 * rump_proc_npreempt() counts the caller's yields in preempt().
 */
void		rump_proc_setready(struct proc *, int);
unsigned long	rump_proc_npreempt(const struct proc *);

/*
 * The console capture: everything cons_printf() and panic() printed
 * since the last clear, NUL-terminated into the buffer (truncated to
 * fit); the return value is the full length.  rump_cons_echo(0)
 * stops the copy to stderr; it returns the old setting.
 */
size_t	rump_cons_read(char *, size_t);
void	rump_cons_clear(void);
int	rump_cons_echo(int);

/*
 * Called by panic() with its message, after the console line; it may
 * siglongjmp(3) out.  With no hook, or if it returns, panic() aborts.
 */
typedef void	(*rump_panic_hook_t)(const char *);
rump_panic_hook_t	rump_panic_sethook(rump_panic_hook_t);

#ifdef __cplusplus
}
#endif

#endif /* !_RUMP_RUMPPLAT_H_ */
