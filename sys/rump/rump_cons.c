/*	$simplelock: rump/rump_cons.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * The console and panic() of the userland platform.  A console line
 * goes to stderr and to a capture buffer tests read.  Both may be
 * used from a signal handler, so the formatting is done here, on the
 * stack (stdio's may allocate), and the capture buffer is guarded by a
 * spin lock taken with the interrupt signals blocked.
 */

#include <sys/platform.h>
#include <sys/lock.h>
#include <rump/rumpplat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rump_private.h"

#define	RUMP_LINEMAX	512
#define	RUMP_CONSSIZE	65536

static __cpu_simple_lock_t	rump_cons_lock = __SIMPLELOCK_UNLOCKED;
static char			rump_cons_buf[RUMP_CONSSIZE];
static size_t			rump_cons_len;	/* may exceed the buffer */
static int			rump_cons_noecho;
static rump_panic_hook_t	rump_panic_hook;

/*
 * A printf(3) subset, async-signal-safe: the flags "-0+ #", width and
 * precision (numbers or *), the lengths hh h l ll j z t, and the
 * conversions d i u o x X p s c %.  Returns the untruncated length,
 * as snprintf(3) does.
 */
struct rump_fmt {
	char	*f_buf;
	size_t	 f_size;
	size_t	 f_len;
};

static void
fmt_putc(struct rump_fmt *f, char ch)
{

	if (f->f_len + 1 < f->f_size)
		f->f_buf[f->f_len] = ch;
	f->f_len++;
}

static void
fmt_pad(struct rump_fmt *f, char ch, int n)
{

	while (n-- > 0)
		fmt_putc(f, ch);
}

#define	F_MINUS		0x01
#define	F_ZERO		0x02
#define	F_PLUS		0x04
#define	F_SPACE		0x08
#define	F_ALT		0x10

static void
fmt_int(struct rump_fmt *f, uintmax_t v, int neg, unsigned int base,
    int upper, int flags, int width, int prec, int isptr)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[3 * sizeof(uintmax_t) + 1];
	char sign = 0;
	const char *prefix = "";
	int n = 0, nzero, len, i;

	while (v != 0) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (prec < 0)
		nzero = n == 0 ? 1 : 0;
	else
		nzero = prec > n ? prec - n : 0;
	if ((flags & F_ALT) && base == 8 && nzero == 0 &&
	    (n == 0 || tmp[n - 1] != '0'))
		nzero = 1;
	if (((flags & F_ALT) && base == 16 && n != 0) || isptr)
		prefix = upper ? "0X" : "0x";
	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	len = n + nzero + (sign != 0) + (int)strlen(prefix);
	if ((flags & F_ZERO) && !(flags & F_MINUS) && prec < 0 &&
	    width > len) {
		nzero += width - len;
		len = width;
	}
	if (!(flags & F_MINUS))
		fmt_pad(f, ' ', width - len);
	if (sign)
		fmt_putc(f, sign);
	for (i = 0; prefix[i] != '\0'; i++)
		fmt_putc(f, prefix[i]);
	fmt_pad(f, '0', nzero);
	while (n > 0)
		fmt_putc(f, tmp[--n]);
	if (flags & F_MINUS)
		fmt_pad(f, ' ', width - len);
}

static void
fmt_str(struct rump_fmt *f, const char *s, int flags, int width, int prec)
{
	int n = 0, i;

	while ((prec < 0 || n < prec) && s[n] != '\0')
		n++;
	if (!(flags & F_MINUS))
		fmt_pad(f, ' ', width - n);
	for (i = 0; i < n; i++)
		fmt_putc(f, s[i]);
	if (flags & F_MINUS)
		fmt_pad(f, ' ', width - n);
}

size_t
rump_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct rump_fmt f = { buf, size, 0 };
	int flags, width, prec, lmod, neg;
	uintmax_t v;
	intmax_t sv;
	const char *s;
	char ch;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			fmt_putc(&f, *fmt);
			continue;
		}
		flags = 0;
		for (;;) {
			switch (*++fmt) {
			case '-': flags |= F_MINUS; continue;
			case '0': flags |= F_ZERO; continue;
			case '+': flags |= F_PLUS; continue;
			case ' ': flags |= F_SPACE; continue;
			case '#': flags |= F_ALT; continue;
			}
			break;
		}
		width = 0;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_MINUS;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		prec = -1;
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* Length: 'H' hh, 'h', 'l', 'L' ll, 'j', 'z', 't'. */
		lmod = 0;
		switch (*fmt) {
		case 'h':
			lmod = 'h';
			if (*++fmt == 'h') {
				lmod = 'H';
				fmt++;
			}
			break;
		case 'l':
			lmod = 'l';
			if (*++fmt == 'l') {
				lmod = 'L';
				fmt++;
			}
			break;
		case 'j': case 'z': case 't':
			lmod = *fmt++;
			break;
		}
		ch = *fmt;
		switch (ch) {
		case 'd':
		case 'i':
			switch (lmod) {
			case 'l': sv = va_arg(ap, long); break;
			case 'L': sv = va_arg(ap, long long); break;
			case 'j': sv = va_arg(ap, intmax_t); break;
			case 'z': sv = (ptrdiff_t)va_arg(ap, size_t); break;
			case 't': sv = va_arg(ap, ptrdiff_t); break;
			case 'h': sv = (short)va_arg(ap, int); break;
			case 'H': sv = (signed char)va_arg(ap, int); break;
			default: sv = va_arg(ap, int); break;
			}
			neg = sv < 0;
			v = neg ? -(uintmax_t)sv : (uintmax_t)sv;
			fmt_int(&f, v, neg, 10, 0, flags, width, prec, 0);
			break;
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			switch (lmod) {
			case 'l': v = va_arg(ap, unsigned long); break;
			case 'L': v = va_arg(ap, unsigned long long); break;
			case 'j': v = va_arg(ap, uintmax_t); break;
			case 'z': v = va_arg(ap, size_t); break;
			case 't': v = (uintmax_t)va_arg(ap, ptrdiff_t); break;
			case 'h': v = (unsigned short)va_arg(ap, int); break;
			case 'H': v = (unsigned char)va_arg(ap, int); break;
			default: v = va_arg(ap, unsigned int); break;
			}
			fmt_int(&f, v, 0, ch == 'u' ? 10 : ch == 'o' ? 8 : 16,
			    ch == 'X', flags & ~(F_PLUS | F_SPACE), width, prec,
			    0);
			break;
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			if (v == 0)
				fmt_str(&f, "(nil)", flags, width, -1);
			else
				fmt_int(&f, v, 0, 16, 0, flags, width, prec, 1);
			break;
		case 's':
			s = va_arg(ap, const char *);
			fmt_str(&f, s == NULL ? "(null)" : s, flags, width,
			    prec);
			break;
		case 'c':
			if (!(flags & F_MINUS))
				fmt_pad(&f, ' ', width - 1);
			fmt_putc(&f, (char)va_arg(ap, int));
			if (flags & F_MINUS)
				fmt_pad(&f, ' ', width - 1);
			break;
		case '%':
			fmt_putc(&f, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			/* Not supported: show it rather than guess. */
			fmt_putc(&f, '%');
			fmt_putc(&f, ch);
			break;
		}
	}
	if (size > 0)
		buf[f.f_len < size ? f.f_len : size - 1] = '\0';
	return f.f_len;
}

/* One line to stderr and the capture; a newline is added if missing. */
static void
rump_cons_put(const char *prefix, const char *fmt, va_list ap,
    char *msg, size_t msgsize)
{
	char line[RUMP_LINEMAX];
	size_t n, plen = strlen(prefix), room;
	sigset_t omask;
	ssize_t w;
	const char *p;

	memcpy(line, prefix, plen);
	n = rump_vsnprintf(line + plen, sizeof(line) - plen - 1, fmt, ap);
	if (n > sizeof(line) - plen - 2)
		n = sizeof(line) - plen - 2;
	if (msg != NULL) {
		room = n < msgsize ? n : msgsize - 1;
		memcpy(msg, line + plen, room);
		msg[room] = '\0';
	}
	n += plen;
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';

	rump_intr_block(&omask);
	__cpu_simple_lock(&rump_cons_lock);
	if (rump_cons_len < sizeof(rump_cons_buf)) {
		room = sizeof(rump_cons_buf) - rump_cons_len;
		memcpy(rump_cons_buf + rump_cons_len, line,
		    n < room ? n : room);
	}
	rump_cons_len += n;
	if (!__atomic_load_n(&rump_cons_noecho, __ATOMIC_RELAXED)) {
		for (p = line; n > 0; p += w, n -= (size_t)w) {
			w = write(STDERR_FILENO, p, n);
			if (w <= 0)
				break;
		}
	}
	__cpu_simple_unlock(&rump_cons_lock);
	rump_intr_restore(&omask);
}

void
cons_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rump_cons_put("", fmt, ap, NULL, 0);
	va_end(ap);
}

void
panic(const char *fmt, ...)
{
	char msg[RUMP_LINEMAX];
	rump_panic_hook_t hook;
	va_list ap;

	va_start(ap, fmt);
	rump_cons_put("panic: ", fmt, ap, msg, sizeof(msg));
	va_end(ap);
	hook = __atomic_load_n(&rump_panic_hook, __ATOMIC_ACQUIRE);
	if (hook != NULL)
		(*hook)(msg);
	abort();
}

size_t
rump_cons_read(char *buf, size_t size)
{
	sigset_t omask;
	size_t n;

	rump_intr_block(&omask);
	__cpu_simple_lock(&rump_cons_lock);
	n = rump_cons_len;
	if (size > 0) {
		size = size - 1 < n ? size - 1 : n;
		if (size > sizeof(rump_cons_buf))
			size = sizeof(rump_cons_buf);
		memcpy(buf, rump_cons_buf, size);
		buf[size] = '\0';
	}
	__cpu_simple_unlock(&rump_cons_lock);
	rump_intr_restore(&omask);
	return n;
}

void
rump_cons_clear(void)
{
	sigset_t omask;

	rump_intr_block(&omask);
	__cpu_simple_lock(&rump_cons_lock);
	rump_cons_len = 0;
	__cpu_simple_unlock(&rump_cons_lock);
	rump_intr_restore(&omask);
}

int
rump_cons_echo(int on)
{

	return !__atomic_exchange_n(&rump_cons_noecho, !on, __ATOMIC_RELAXED);
}

rump_panic_hook_t
rump_panic_sethook(rump_panic_hook_t hook)
{

	return __atomic_exchange_n(&rump_panic_hook, hook, __ATOMIC_ACQ_REL);
}
