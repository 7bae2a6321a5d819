/*	$simplelock: i386/lock.h $	*/

/* i386 shares the x86 port. */
#include <x86/lock.h>
