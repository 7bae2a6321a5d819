/*	$simplelock: rump/rump_private.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/* Shared by the files of the userland platform; not installed. */

#ifndef _RUMP_RUMP_PRIVATE_H_
#define _RUMP_RUMP_PRIVATE_H_

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>

void	rump_intr_set(sigset_t *);
void	rump_intr_block(sigset_t *);
void	rump_intr_restore(const sigset_t *);
size_t	rump_vsnprintf(char *, size_t, const char *, va_list);

#endif /* !_RUMP_RUMP_PRIVATE_H_ */
