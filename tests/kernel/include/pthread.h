/*	$simplelock: tests/kernel/include/pthread.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * pthread_create/join for test cases in the bare-metal kernel: each
 * thread is a kernel thread at PRI_NORMAL, placed round-robin on the
 * CPUs, starting with the next one.
 */

#ifndef _KT_PTHREAD_H_
#define _KT_PTHREAD_H_

struct proc;
typedef struct kt_pthread	*pthread_t;
typedef int			pthread_attr_t;

int	pthread_create(pthread_t *, const pthread_attr_t *,
	    void *(*)(void *), void *);
int	pthread_join(pthread_t, void **);

#endif /* !_KT_PTHREAD_H_ */
