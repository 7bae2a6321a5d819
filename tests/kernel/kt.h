/*	$simplelock: tests/kernel/kt.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Helpers shared by the in-kernel test programs.
 */

#ifndef _KT_H_
#define _KT_H_

#include <stdint.h>

#include "bm_kern.h"

/* Spin for n periods of the timer, by the clock, interrupts as they are. */
void	kt_spin_periods(unsigned int);
/* Does splhigh() mask interrupts at all? */
int	kt_spl_masks(void);
/* Has cpu's tick count passed t within n periods of the clock? */
int	kt_tick_after(unsigned int, bm_count_t, unsigned int);

/* Has an assertion failed in the running case? */
int	kt_case_failed(void);

/* Spin until cond, or until CPU cpu takes ticks timer ticks: true if cond. */
#define	KT_WAIT_TICKS(cond, cpu, ticks)					\
	__extension__ ({						\
		bm_count_t __kt_end = bm_ticks(cpu) + (ticks);		\
		int __kt_ok;						\
		while (!(__kt_ok = (cond)) &&				\
		    bm_ticks(cpu) < __kt_end)				\
			SPINLOCK_BACKOFF_HOOK;				\
		__kt_ok;						\
	})

#endif /* !_KT_H_ */
