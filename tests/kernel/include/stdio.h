/*	$simplelock: tests/kernel/include/stdio.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * What test cases use of <stdio.h>, in the bare-metal kernel.
 */

#ifndef _KT_STDIO_H_
#define _KT_STDIO_H_

#include <stddef.h>

int	bm_snprintf(char *, size_t, const char *, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
#define	snprintf	bm_snprintf

#endif /* !_KT_STDIO_H_ */
