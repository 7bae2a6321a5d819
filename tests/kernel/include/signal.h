/*	$simplelock: tests/kernel/include/signal.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Signals for test cases in the bare-metal kernel: SIGVTALRM's handler
 * runs in the timer interrupt of the CPU that armed it (sys/time.h).
 */

#ifndef _KT_SIGNAL_H_
#define _KT_SIGNAL_H_

typedef int		sig_atomic_t;
typedef unsigned int	sigset_t;

#define	SIGVTALRM	26

struct sigaction {
	void		(*sa_handler)(int);
	sigset_t	sa_mask;
	int		sa_flags;
};

static __inline int
sigemptyset(sigset_t *__s)
{

	*__s = 0;
	return 0;
}

int	sigaction(int, const struct sigaction *, struct sigaction *);

#endif /* !_KT_SIGNAL_H_ */
