# SPDX-License-Identifier: BSD-2-Clause
# README.md's architecture table is what mk/archtable.sh makes of
# mk/arches.tab, so the documented representation is the tested one.

SRCDIR=@SRCDIR@

atf_test_case readme_table
readme_table_head()
{
	atf_set descr "README's table matches mk/arches.tab (make archtable)"
}
readme_table_body()
{
	sh "$SRCDIR/mk/archtable.sh" "$SRCDIR/mk/arches.tab" > want ||
	    atf_fail "mk/archtable.sh failed"
	rows=$(awk '!/^#/ && NF' "$SRCDIR/mk/arches.tab" | wc -l)
	[ "$(grep -c '^| ' want)" -eq $((rows + 1)) ] ||
	    atf_fail "the table does not have one row per ARCH"
	awk '/^<!-- archtable/ { on = 1; next }
	    /^<!-- \/archtable -->/ { on = 0 } on' \
	    "$SRCDIR/README.md" > have
	[ -s have ] || atf_fail "README.md has no archtable region"
	diff -u have want || atf_fail "README.md's table is stale: make archtable"
}

# The check must notice a stale table: a row changed in a copy.
atf_test_case stale_table_rejected
stale_table_rejected_head()
{
	atf_set descr "A README table that differs from the table is rejected"
}
stale_table_rejected_body()
{
	sed -e '/^x86_64[ \t]/s/\t01\t/\t02\t/' "$SRCDIR/mk/arches.tab" > tab
	! cmp -s tab "$SRCDIR/mk/arches.tab" || atf_fail "edit had no effect"
	sh "$SRCDIR/mk/archtable.sh" tab > want
	awk '/^<!-- archtable/ { on = 1; next }
	    /^<!-- \/archtable -->/ { on = 0 } on' \
	    "$SRCDIR/README.md" > have
	if diff -u have want > /dev/null; then
		atf_fail "a changed row went unnoticed"
	fi
}

atf_init_test_cases()
{
	atf_add_test_case readme_table
	atf_add_test_case stale_table_rejected
}
