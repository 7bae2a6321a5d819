/*	$simplelock: tests/litmus/handoff.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The queue hand-off of res_spin_lock(9) (sys/kern/kern_rqspinlock.c)
 * reduced to its two sides, with the same builtins and orders: a
 * waiter sets its node's state relaxed, then links the node into its
 * predecessor with a release store; the predecessor reads the link
 * with acquire and stores the new state with release.  porttests.py -q
 * makes a litmus test of their object code: the hand-over's store must
 * not be overwritten by the initialisation before the link.
 */

void	ho_publish(int *, int **);
void	ho_handover(int **);

void
ho_publish(int *state, int **link)
{

	__atomic_store_n(state, 1, __ATOMIC_RELAXED);
	__atomic_store_n(link, state, __ATOMIC_RELEASE);
}

void
ho_handover(int **link)
{
	int *next;

	/* The kernel spins while the link is NULL; one look will do. */
	if ((next = __atomic_load_n(link, __ATOMIC_ACQUIRE)) != 0)
		__atomic_store_n(next, 2, __ATOMIC_RELEASE);
}
