/*	$simplelock: t_tsan.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Built only with SAN=tsan.  The port's lock is inline assembly, which
 * ThreadSanitizer cannot see; <sys/_lock.h> tells it where the acquire
 * and release are.  These cases show both halves of that: data guarded
 * by the lock raises no report, and a real race beside the lock still
 * does.  The t_lock cases in this configuration add the rest: any
 * report makes a TSan program exit non-zero, which kyua counts.
 */

#include <sys/lock.h>

#include <atf-c.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define	NITER	20000

static __cpu_simple_lock_t lk = __SIMPLELOCK_UNLOCKED;
static unsigned long guarded;
static unsigned long unguarded;
static int race_outside;

static void *
worker(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NITER; i++) {
		__cpu_simple_lock(&lk);
		guarded++;
		__cpu_simple_unlock(&lk);
		if (race_outside)
			unguarded++;
	}
	return NULL;
}

/* Runs the workers in a child; returns its exit status and stderr. */
static int
run_child(int outside, const char *errfile)
{
	pthread_t t[2];
	int fd, status, i;
	pid_t pid;

	pid = fork();
	ATF_REQUIRE(pid != -1);
	if (pid == 0) {
		fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd == -1 || dup2(fd, STDERR_FILENO) == -1)
			_exit(100);
		race_outside = outside;
		for (i = 0; i < 2; i++)
			pthread_create(&t[i], NULL, worker, NULL);
		for (i = 0; i < 2; i++)
			pthread_join(t[i], NULL);
		_exit(guarded == 2UL * NITER ? 0 : 101);
	}
	ATF_REQUIRE(waitpid(pid, &status, 0) == pid);
	ATF_REQUIRE(WIFEXITED(status));
	return WEXITSTATUS(status);
}

ATF_TC_WITHOUT_HEAD(guarded_no_report);
ATF_TC_BODY(guarded_no_report, tc)
{
	int rv;

	rv = run_child(0, "err");
	if (atf_utils_grep_file("ThreadSanitizer", "err"))
		atf_utils_cat_file("err", "child: ");
	ATF_REQUIRE_MSG(!atf_utils_grep_file("ThreadSanitizer", "err"),
	    "TSan reported a race on data the lock guards");
	ATF_REQUIRE_EQ(rv, 0);
}

ATF_TC_WITHOUT_HEAD(race_outside_reported);
ATF_TC_BODY(race_outside_reported, tc)
{
	int rv;

	rv = run_child(1, "err");
	ATF_REQUIRE_MSG(atf_utils_grep_file(
	    "WARNING: ThreadSanitizer: data race", "err"),
	    "an unguarded counter raced and TSan said nothing");
	/* TSan's exit code for a run with reports. */
	ATF_REQUIRE_EQ(rv, 66);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, guarded_no_report);
	ATF_TP_ADD_TC(tp, race_outside_reported);
	return atf_no_error();
}
