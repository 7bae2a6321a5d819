/*	$simplelock: tests/kernel/include/sys/time.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * setitimer() for test cases in the bare-metal kernel: a one-shot
 * that runs the SIGVTALRM handler in this CPU's timer interrupt after
 * the given time, counted in timer ticks.
 */

#ifndef _KT_SYS_TIME_H_
#define _KT_SYS_TIME_H_

struct timeval {
	long	tv_sec;
	long	tv_usec;
};

struct itimerval {
	struct timeval	it_interval;
	struct timeval	it_value;
};

#define	ITIMER_VIRTUAL	1

int	setitimer(int, const struct itimerval *, struct itimerval *);

#endif /* !_KT_SYS_TIME_H_ */
