/*	$simplelock: baremetal/include/errno.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Error numbers for the bare-metal kernel, which has no C library:
 * Linux's, as sys/kern uses where there is no <errno.h>.
 */

#ifndef _BAREMETAL_ERRNO_H_
#define _BAREMETAL_ERRNO_H_

#define	ENOENT		2
#define	E2BIG		7
#define	ENOMEM		12
#define	EBUSY		16
#define	EEXIST		17
#define	EINVAL		22
#define	EDEADLK		35
#define	ETIMEDOUT	110

#endif /* !_BAREMETAL_ERRNO_H_ */
