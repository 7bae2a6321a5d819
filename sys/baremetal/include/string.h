/*	$simplelock: baremetal/include/string.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The string functions of the bare-metal kernel (bm_libc.c).
 */

#ifndef _BAREMETAL_STRING_H_
#define _BAREMETAL_STRING_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void	*memset(void *, int, size_t);
void	*memcpy(void *, const void *, size_t);
void	*memmove(void *, const void *, size_t);
int	memcmp(const void *, const void *, size_t);
size_t	strlen(const char *);
int	strcmp(const char *, const char *);
char	*strstr(const char *, const char *);

#ifdef __cplusplus
}
#endif

#endif /* !_BAREMETAL_STRING_H_ */
