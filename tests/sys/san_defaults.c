/*	$simplelock: san_defaults.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Linked into every test program.  atf-c leaks small allocations of
 * its own when listing and running cases; LeakSanitizer is told to
 * ignore those, and only those, so leaks in our code still fail.
 * The sanitizer runtimes call this hook when present; otherwise it is
 * never called.
 */

const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{

	return "leak:libatf-c.so\nleak:atf_tc_\nleak:atf_tp_\n";
}

/* kyua treats any stderr output while listing cases as a broken program. */
const char	*__lsan_default_options(void);

const char *
__lsan_default_options(void)
{

	return "print_suppressions=0";
}
