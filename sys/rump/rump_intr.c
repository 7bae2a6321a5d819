/*	$simplelock: rump/rump_intr.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Soft interrupt masking for the userland platform.  splhigh() and
 * splx() only move a per-thread level (<rump/platform_inline.h>); the
 * signal handler does the masking.  The platform interposes
 * sigaction(2) and signal(3): every handler for an interrupt signal
 * is installed behind rump_intr_entry(), which runs it at once, at
 * IPL_HIGH, when the thread's level is IPL_NONE, and otherwise queues
 * it on the thread and returns.  The splx() that brings the level
 * back to IPL_NONE replays the queue, in arrival order, each entry
 * once, at IPL_HIGH, on the same thread.
 *
 * A deferring handler also blocks its signal for the interrupted flow
 * through the ucontext (no system call), so that further ones wait in
 * the kernel, as they would behind a masked line, until the replay has
 * run; it unblocks them.  sigpending(2) is interposed as well, so that
 * a deferred interrupt is pending as a blocked one was.
 *
 * Everything here runs in signal handlers or is interrupted by them:
 * the queue is per thread, filled only at its tail (by handlers) and
 * emptied only at its head (by the replay, at IPL_HIGH, when handlers
 * only add), each step between compiler barriers.
 */

#include <sys/platform.h>
#include <rump/rumpplat.h>
#include <rump/platform_inline.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "rump_private.h"

/* Linux has at most 128 signals (MIPS), 64 elsewhere. */
#define	RUMP_NSIG	129
#define	RUMP_NDEFER	32	/* deferred interrupts a CPU queues */

#define	LD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define	ST(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define	BARRIER()	__atomic_signal_fence(__ATOMIC_SEQ_CST)

typedef void	(*rump_sigfn_t)(int, siginfo_t *, void *);

/* The handlers the program installed, by signal. */
static struct {
	void	*h_fn;		/* sa_handler or sa_sigaction */
	int	h_siginfo;	/* it takes (int, siginfo_t *, void *) */
} rump_handlers[RUMP_NSIG];

/* One deferred interrupt: its handler as it was when it arrived. */
struct rump_deferred {
	int		d_sig;
	unsigned int	d_count;	/* more arrivals merged into it */
	void		*d_fn;
	int		d_siginfo;
	siginfo_t	d_info;
};

static __thread struct rump_deferred rump_deferq[RUMP_NDEFER]
    __attribute__((__tls_model__("initial-exec")));
/*
 * Signals a deferring handler blocked, bit sig - 1, in words every CPU
 * updates atomically without a library call.
 */
#define	RUMP_WBITS	(8 * (int)sizeof(unsigned long))
static __thread unsigned long rump_hardblocked[(RUMP_NSIG + RUMP_WBITS - 2) /
    RUMP_WBITS] __attribute__((__tls_model__("initial-exec")));

static void	rump_intr_entry(int, siginfo_t *, void *);

/*
 * The C library's sigaction, or a sanitizer's interceptor of it where
 * the program has one, so that the sanitizer still sees handlers.
 */
extern int	__sigaction(int, const struct sigaction *, struct sigaction *);
extern int	__interceptor_sigaction(int, const struct sigaction *,
		    struct sigaction *) __attribute__((__weak__));
extern int	___interceptor_sigaction(int, const struct sigaction *,
		    struct sigaction *) __attribute__((__weak__));

static int
rump_real_sigaction(int sig, const struct sigaction *act,
    struct sigaction *oact)
{

	if (___interceptor_sigaction != NULL)
		return ___interceptor_sigaction(sig, act, oact);
	if (__interceptor_sigaction != NULL)
		return __interceptor_sigaction(sig, act, oact);
	return __sigaction(sig, act, oact);
}

/*
 * Every signal is an interrupt except those that cannot be caught or
 * blocked and those the CPU raises on the faulting instruction.
 */
static int
rump_intr_signal(int sig)
{

	switch (sig) {
	case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGILL:
	case SIGFPE: case SIGTRAP: case SIGSYS: case SIGABRT:
		return 0;
	default:
		return sig > 0 && sig < RUMP_NSIG;
	}
}

void
rump_intr_set(sigset_t *set)
{
	int sig;

	sigemptyset(set);
	for (sig = 1; sig < RUMP_NSIG; sig++)
		if (rump_intr_signal(sig))
			(void)sigaddset(set, sig);
}

static void
rump_intr_call(int sig, void *fn, int hassiginfo, siginfo_t *info,
    void *uc)
{

	if (hassiginfo)
		(*(rump_sigfn_t)fn)(sig, info, uc);
	else
		(*(void (*)(int))fn)(sig);
}

/*
 * Queue an interrupt that arrived while masked.  A full queue takes
 * a repeat of a signal it holds as one more run of that entry (not
 * the head's: the replay may be copying it); anything else is more
 * than a CPU can have pending.
 */
static void
rump_intr_defer(struct __rump_lwp_fast *l, int sig, void *fn,
    int hassiginfo, siginfo_t *info, ucontext_t *uc)
{
	struct rump_deferred *d;
	unsigned int h, t, i;

	/*
	 * Claim the slot before filling it: another handler may defer
	 * in between, and takes the next one.  Nothing reads the entry
	 * before we return (the replay runs at IPL_NONE, below us).
	 */
	t = LD(l->lf_qtail);
	do {
		h = LD(l->lf_qhead);
		if (t - h >= RUMP_NDEFER)
			break;
	} while (!__atomic_compare_exchange_n(&l->lf_qtail, &t, t + 1, 0,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	BARRIER();
	if (t - h < RUMP_NDEFER) {
		d = &rump_deferq[t % RUMP_NDEFER];
		d->d_sig = sig;
		d->d_count = 1;
		d->d_fn = fn;
		d->d_siginfo = hassiginfo;
		if (info != NULL)
			d->d_info = *info;
		else
			memset(&d->d_info, 0, sizeof(d->d_info));
		BARRIER();
	} else {
		for (i = t; i-- != h + 1;) {
			d = &rump_deferq[i % RUMP_NDEFER];
			if (d->d_sig == sig) {
				__atomic_fetch_add(&d->d_count, 1,
				    __ATOMIC_RELAXED);
				break;
			}
		}
		if (i == h)
			panic("rump: cpu %d: signal %d: %d interrupts already "
			    "deferred", l->lf_slot, sig, RUMP_NDEFER);
	}
	if (uc != NULL) {
		(void)sigaddset(&uc->uc_sigmask, sig);
		__atomic_fetch_or(&rump_hardblocked[(sig - 1) / RUMP_WBITS],
		    1ul << ((sig - 1) % RUMP_WBITS), __ATOMIC_RELAXED);
	}
}

/* Give back the signals deferring handlers blocked. */
static void
rump_intr_unblock(void)
{
	sigset_t set;
	unsigned long w;
	unsigned int i;
	int b, any = 0;

	sigemptyset(&set);
	for (i = 0; i < sizeof(rump_hardblocked) / sizeof(rump_hardblocked[0]);
	    i++) {
		if (LD(rump_hardblocked[i]) == 0)
			continue;
		w = __atomic_exchange_n(&rump_hardblocked[i], 0,
		    __ATOMIC_RELAXED);
		for (b = 0; b < RUMP_WBITS; b++)
			if (w & (1ul << b)) {
				(void)sigaddset(&set, (int)i * RUMP_WBITS + b + 1);
				any = 1;
			}
	}
	if (any)
		(void)pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/*
 * Replay the queue at IPL_HIGH, then come down to IPL_NONE and look
 * again: an interrupt that arrived in between was queued (the level
 * was high) and runs now; after the level is down, a new one runs in
 * its own handler.  Called at IPL_NONE.
 */
static void
rump_intr_drain(struct __rump_lwp_fast *l)
{
	struct rump_deferred d;
	unsigned int h;

	for (;;) {
		BARRIER();
		ST(l->lf_ipl, IPL_HIGH);
		BARRIER();
		while ((h = LD(l->lf_qhead)) != LD(l->lf_qtail)) {
			d = rump_deferq[h % RUMP_NDEFER];
			BARRIER();
			ST(l->lf_qhead, h + 1);
			BARRIER();
			/* A merged repeat may have been added to the copy. */
			while (d.d_count-- > 0)
				rump_intr_call(d.d_sig, d.d_fn, d.d_siginfo,
				    &d.d_info, NULL);
		}
		BARRIER();
		ST(l->lf_ipl, IPL_NONE);
		BARRIER();
		if (LD(l->lf_qhead) == LD(l->lf_qtail))
			break;
	}
	rump_intr_unblock();
}

/* splx() found interrupts queued as it lowered the level. */
void
__rump_intr_replay(void)
{
	int e = errno;

	rump_intr_drain(&__rump_curlwp_fast);
	errno = e;
}

/*
 * Every interrupt signal's handler.  Masked (or with older interrupts
 * still queued while splx() brings the level down): queue.  Otherwise
 * run the program's handler at IPL_HIGH, as a kernel runs an interrupt
 * handler, and replay what arrived meanwhile on the way out.
 */
static void
rump_intr_entry(int sig, siginfo_t *info, void *ucv)
{
	struct __rump_lwp_fast *l = &__rump_curlwp_fast;
	void *fn = __atomic_load_n(&rump_handlers[sig].h_fn,
	    __ATOMIC_ACQUIRE);
	int hassiginfo = LD(rump_handlers[sig].h_siginfo);
	int e = errno, ipl;

	if (__builtin_expect(fn == NULL, 0))	/* not installed by us */
		return;
	BARRIER();
	ipl = LD(l->lf_ipl);
	if (ipl != IPL_NONE || LD(l->lf_qhead) != LD(l->lf_qtail)) {
		/*
		 * At IPL_NONE the flow we interrupted is lowering the
		 * level over a queue it is about to replay: queue behind
		 * it rather than overtake it, at IPL_HIGH (so that a
		 * handler interrupting this one queues too), block
		 * nothing (the replay unblocks), and replay here.
		 */
		if (ipl == IPL_NONE) {
			ST(l->lf_ipl, IPL_HIGH);
			BARRIER();
		}
		rump_intr_defer(l, sig, fn, hassiginfo, info,
		    ipl != IPL_NONE ? (ucontext_t *)ucv : NULL);
		if (ipl == IPL_NONE)
			rump_intr_drain(l);
		errno = e;
		return;
	}
	ST(l->lf_ipl, IPL_HIGH);
	BARRIER();
	rump_intr_call(sig, fn, hassiginfo, info, ucv);
	BARRIER();
	ST(l->lf_ipl, IPL_NONE);
	BARRIER();
	if (LD(l->lf_qhead) != LD(l->lf_qtail))
		rump_intr_drain(l);
	errno = e;
}

/*
 * The interposed calls.  Programs linked with the platform get these
 * instead of the C library's: an interrupt signal's handler is
 * recorded and rump_intr_entry() installed in its place; the old
 * action reads back as the program set it.
 */
int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	struct sigaction mine;
	void *ofn;
	int osiginfo, r, set = 0;

	if (!rump_intr_signal(sig))
		return rump_real_sigaction(sig, act, oact);
	ofn = __atomic_load_n(&rump_handlers[sig].h_fn, __ATOMIC_ACQUIRE);
	osiginfo = LD(rump_handlers[sig].h_siginfo);
	if (act != NULL && act->sa_handler != SIG_DFL &&
	    act->sa_handler != SIG_IGN) {
		mine = *act;
		mine.sa_flags |= SA_SIGINFO;
		mine.sa_sigaction = rump_intr_entry;
		ST(rump_handlers[sig].h_siginfo,
		    (act->sa_flags & SA_SIGINFO) != 0);
		__atomic_store_n(&rump_handlers[sig].h_fn,
		    (act->sa_flags & SA_SIGINFO) ? (void *)act->sa_sigaction :
		    (void *)act->sa_handler, __ATOMIC_RELEASE);
		act = &mine;
		set = 1;
	}
	r = rump_real_sigaction(sig, act, oact);
	if (r != 0 && set) {
		ST(rump_handlers[sig].h_siginfo, osiginfo);
		__atomic_store_n(&rump_handlers[sig].h_fn, ofn,
		    __ATOMIC_RELEASE);
	}
	if (r == 0 && oact != NULL && (oact->sa_flags & SA_SIGINFO) &&
	    oact->sa_sigaction == rump_intr_entry) {
		if (osiginfo)
			oact->sa_sigaction = (rump_sigfn_t)ofn;
		else {
			oact->sa_flags &= ~SA_SIGINFO;
			oact->sa_handler = (void (*)(int))ofn;
		}
	}
	return r;
}

/* BSD semantics, as glibc's: restartable, the signal held off inside. */
void
(*signal(int sig, void (*fn)(int)))(int)
{
	struct sigaction sa, osa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &osa) != 0)
		return SIG_ERR;
	return osa.sa_handler;
}

/* The kernel's pending set, and the interrupts queued on this thread. */
int
sigpending(sigset_t *set)
{
	struct __rump_lwp_fast *l = &__rump_curlwp_fast;
	unsigned int h, t;

	sigemptyset(set);
	if (syscall(SYS_rt_sigpending, set, (size_t)(_NSIG / 8)) != 0)
		return -1;
	t = LD(l->lf_qtail);
	for (h = LD(l->lf_qhead); h != t; h++)
		(void)sigaddset(set, rump_deferq[h % RUMP_NDEFER].d_sig);
	return 0;
}
