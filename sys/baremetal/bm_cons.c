/*	$simplelock: baremetal/bm_cons.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The console of the bare-metal kernel: a small printf, whole lines
 * on the polled UART, a capture of recent output for the tests, and
 * panic().  It masks interrupts with the port's md_intr_disable(),
 * not with splhigh(): the console must work when the spl under test
 * does not.  A panicking CPU waits a bounded time for the console,
 * then takes it.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>

#include "bm_kern.h"

struct fmtbuf {
	char	*fb_p;
	size_t	fb_size;
	size_t	fb_len;
};

static void
fb_put(struct fmtbuf *fb, char ch)
{

	if (fb->fb_len + 1 < fb->fb_size)
		fb->fb_p[fb->fb_len] = ch;
	fb->fb_len++;
}

static void
fb_num(struct fmtbuf *fb, uint64_t v, unsigned int base, int neg,
    int width, char pad)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (neg)
		tmp[n++] = '-';
	for (; width > n; width--)
		fb_put(fb, pad);
	while (n > 0)
		fb_put(fb, tmp[--n]);
}

/* %d %i %u %x %p %s %c %%, with 0, a width, and l, ll, z, j. */
int
bm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmtbuf fb = { buf, size, 0 };
	const char *s;
	uint64_t u;
	int64_t v;
	int width, lng;
	char pad;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			fb_put(&fb, *fmt);
			continue;
		}
		fmt++;
		pad = ' ';
		width = lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 'j')
				lng = 2;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			v = lng >= 2 ? va_arg(ap, long long) :
			    lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			fb_num(&fb, v < 0 ? -(uint64_t)v : (uint64_t)v, 10,
			    v < 0, width, pad);
			break;
		case 'u':
		case 'x':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng == 1 ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			fb_num(&fb, u, *fmt == 'u' ? 10 : 16, 0, width, pad);
			break;
		case 'p':
			fb_put(&fb, '0');
			fb_put(&fb, 'x');
			fb_num(&fb, (uintptr_t)va_arg(ap, void *), 16, 0, 0,
			    ' ');
			break;
		case 's':
			for (s = va_arg(ap, const char *),
			    s = s != NULL ? s : "(null)"; *s != '\0'; s++)
				fb_put(&fb, *s);
			break;
		case 'c':
			fb_put(&fb, (char)va_arg(ap, int));
			break;
		case '\0':
			fmt--;
			break;
		default:
			fb_put(&fb, *fmt);
			break;
		}
	}
	if (size > 0)
		buf[fb.fb_len < size ? fb.fb_len : size - 1] = '\0';
	return (int)fb.fb_len;
}

int
bm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = bm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* The capture: the last CAP_SIZE bytes, and how many were written. */
#define	CAP_SIZE	8192
static char		cap_buf[CAP_SIZE];
static bm_count_t	cap_total;

static bm_lock_t	cons_lock;
static int		cons_panicking;

#define	CONS_PANIC_WAIT	20000000UL	/* polls before panic barges in */

static int
cons_enter(void)
{
	unsigned long i;
	int s = md_intr_disable();

	for (i = 0; !bm_lock_try(&cons_lock); i++) {
		if (__atomic_load_n(&cons_panicking, __ATOMIC_RELAXED) &&
		    i > CONS_PANIC_WAIT)
			break;
		SPINLOCK_BACKOFF_HOOK;
	}
	return s;
}

static void
cons_exit(int s)
{

	bm_unlock(&cons_lock);
	if (s)
		md_intr_enable();
}

static void
cons_out(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			md_putc('\r');
		md_putc(p[i]);
		cap_buf[cap_total % CAP_SIZE] = p[i];
		__atomic_store_n(&cap_total, cap_total + 1,
		    __ATOMIC_RELAXED);
	}
}

static void
cons_vprintf(const char *fmt, va_list ap)
{
	char line[512];
	int s, len;

	len = bm_vsnprintf(line, sizeof(line), fmt, ap);
	if (len > (int)sizeof(line) - 1)
		len = (int)sizeof(line) - 1;
	s = cons_enter();
	cons_out(line, (size_t)len);
	if (len == 0 || line[len - 1] != '\n')
		cons_out("\n", 1);
	cons_exit(s);
}

void
cons_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cons_vprintf(fmt, ap);
	va_end(ap);
}

void
bm_cons_puts(const char *str)
{
	size_t n;
	int s;

	for (n = 0; str[n] != '\0'; n++)
		continue;
	s = cons_enter();
	cons_out(str, n);
	cons_exit(s);
}

bm_count_t
bm_cons_mark(void)
{

	return __atomic_load_n(&cap_total, __ATOMIC_RELAXED);
}

/* Was needle printed since mark (and is it still in the capture)? */
int
bm_cons_seen(bm_count_t mark, const char *needle)
{
	bm_count_t end, i, k;
	size_t n;
	int s, found = 0;

	for (n = 0; needle[n] != '\0'; n++)
		continue;
	s = cons_enter();
	end = cap_total;
	if (end - mark > CAP_SIZE)
		mark = end - CAP_SIZE;
	for (i = mark; !found && i + n <= end; i++) {
		for (k = 0; k < n; k++)
			if (cap_buf[(i + k) % CAP_SIZE] != needle[k])
				break;
		found = k == n;
	}
	cons_exit(s);
	return found;
}

void
panic(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	(void)md_intr_disable();
	__atomic_store_n(&cons_panicking, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	(void)bm_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	cons_printf("Bail out! panic on cpu %u: %s", md_cpu_index(), line);
	md_poweroff(1);
}
