/*	$simplelock: baremetal/bm_libc.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The few C library functions a freestanding kernel needs: gcc may
 * call memset, memcpy, memmove and memcmp even where the source does
 * not, and the tests compare strings.
 */

#include <stddef.h>
#include <stdint.h>

#include <string.h>

void *
memset(void *dst, int ch, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)ch;
	return dst;
}

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{

	for (; *a != '\0' && *a == *b; a++, b++)
		continue;
	return (unsigned char)*a - (unsigned char)*b;
}

char *
strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (memcmp(hay, needle, n) == 0)
			return (char *)(uintptr_t)hay;
	return n == 0 ? (char *)(uintptr_t)hay : NULL;
}
