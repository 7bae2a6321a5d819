/*	$simplelock: amd64/lock.h $	*/

/* amd64 shares the x86 port. */
#include <x86/lock.h>
