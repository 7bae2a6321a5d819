/*	$simplelock: baremetal/md.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The contract between the machine-independent bare-metal kernel
 * (sys/baremetal) and each machine (sys/arch/<machine>/<machine>).
 * MI declares, MD defines; extend it only by adding.
 */

#ifndef _BAREMETAL_MD_H_
#define _BAREMETAL_MD_H_

#include <stdint.h>

/* Per thread and per CPU boot stack. */
#define	BM_STACK_SIZE	16384

/* Set by the port before bm_main() runs on CPU 0. */
extern unsigned int	md_ncpu;

/*
 * The polled UART: any context, interrupts off or on.  It must not
 * use the spl, which may be the thing under test.
 */
void		md_putc(int);

/* This CPU's interrupts: disable returns nonzero if they were on. */
int		md_intr_disable(void);
void		md_intr_enable(void);
int		md_intr_enabled(void);

/* 0 .. md_ncpu - 1, from a per-CPU register, never from the stack. */
unsigned int	md_cpu_index(void);

/* Monotonic nanoseconds, any context. */
uint64_t	md_nanouptime(void);

/* This CPU's periodic tick, which calls bm_tick(). */
void		md_timer_start(unsigned int);
void		md_timer_stop(void);

/* Wait for an interrupt, with interrupts on. */
void		md_idle(void);

/* qemu exits with BM_EXIT_PASS, or BM_EXIT_FAIL if failed. */
void		md_poweroff(int) __attribute__((__noreturn__));

/*
 * Boot CPU: start the others by the platform's own mechanism; each
 * calls bm_main(index) on its own boot stack with interrupts masked.
 * Returns how many CPUs run.
 */
unsigned int	md_start_cpus(void);

/*
 * A new thread's first frame, on its stack, such that md_switch() to
 * the returned sp calls fn(arg) with interrupts masked; fn never
 * returns.
 */
void		*md_thread_init(void *, void (*)(void *), void *);

/*
 * Save the callee-saved registers on the current stack, store sp in
 * *oldsp, load newsp, restore, and return into the other thread.
 * Called with interrupts masked.  The per-CPU register belongs to the
 * CPU, not the thread: it is never saved or switched.
 */
void		md_switch(void **, void *);

/* Called by the ports. */
void	bm_main(unsigned int) __attribute__((__noreturn__));
void	bm_intr_enter(void);		/* first thing in every interrupt */
void	bm_tick(void);			/* the timer, interrupts masked */
/*
 * Last thing before the trap return.  It may switch to another thread
 * and return much later on the same one: the port takes interrupts on
 * the interrupted thread's own stack and saves there every register
 * the C ABI does not preserve, plus the return PC and status.  It
 * acknowledges the interrupt controller (EOI) before calling this:
 * the thread switched to must go on taking the timer.
 */
void	bm_intr_exit(void);
/* An unexpected exception: prints and fails. */
void	bm_trap(const char *, uintptr_t, uintptr_t)
	    __attribute__((__noreturn__));

#endif /* !_BAREMETAL_MD_H_ */
