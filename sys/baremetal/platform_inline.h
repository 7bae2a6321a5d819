/*	$simplelock: baremetal/platform_inline.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal platform's inline forms of <sys/platform.h> calls:
 * none yet.  cpu_number() is one read of a per-CPU register behind a
 * call, and the preemption count needs interrupts masked around it,
 * so the out-of-line calls cost little here; inline forms would have
 * to come from each machine.  <sys/platform.h> includes this file as
 * <platform/platform_inline.h> when the build selects PLATFORM=baremetal.
 */

#ifndef _BAREMETAL_PLATFORM_INLINE_H_
#define _BAREMETAL_PLATFORM_INLINE_H_

#endif /* !_BAREMETAL_PLATFORM_INLINE_H_ */
