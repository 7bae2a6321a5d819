/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Four threads add to one counter under a __cpu_simple_lock; the total
 * comes out exact.  Build against installed headers:
 *	cc -I$PREFIX/include counter.c -lpthread
 */

#include <machine/lock.h>

#include <pthread.h>
#include <stdio.h>

#define	NTHREADS	4
#define	NADDS		1000000

static __cpu_simple_lock_t lock = __SIMPLELOCK_UNLOCKED;
static unsigned long counter;

static void *
adder(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NADDS; i++) {
		__cpu_simple_lock(&lock);
		counter++;
		__cpu_simple_unlock(&lock);
	}
	return NULL;
}

int
main(void)
{
	pthread_t t[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, adder, NULL);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(t[i], NULL);
	printf("counter = %lu (expected %lu): %s\n", counter,
	    (unsigned long)NTHREADS * NADDS,
	    counter == (unsigned long)NTHREADS * NADDS ? "ok" : "LOST UPDATES");
	return counter == (unsigned long)NTHREADS * NADDS ? 0 : 1;
}
