# SPDX-License-Identifier: BSD-2-Clause
# The licence: LICENSE states it, and every tracked source, header,
# script, page and build file names it in an SPDX line within its first
# five lines, as does every file `make install` puts in a prefix.
# (atf-sh; @SRCDIR@ and @BUILDDIR@ are filled in by mk/check.mk.)

SRCDIR=@SRCDIR@
BUILDDIR=@BUILDDIR@
SPDX='SPDX-License-Identifier: BSD-2-Clause'

# lacking FILE...: print each file whose first 5 lines lack the line.
lacking()
{
	for f in "$@"; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		head -n 5 "$f" | grep -qF "$SPDX" || echo "$f"
	done
}

atf_test_case licence_file
licence_file_head() { atf_set descr "LICENSE is the 2-clause BSD licence"; }
licence_file_body()
{
	f=$SRCDIR/LICENSE
	[ -f "$f" ] || atf_fail "no LICENSE file"
	head -n 1 "$f" | grep -qx 'BSD 2-Clause License' ||
	    atf_fail "LICENSE does not start with its title"
	for s in 'Redistributions of source code must retain' \
	    'Redistributions in binary form must reproduce' \
	    'IS PROVIDED BY THE AUTHOR AND CONTRIBUTORS'; do
		grep -qF "$s" "$f" || atf_fail "LICENSE lacks: $s"
	done
	if grep -qi 'neither the name' "$f"; then
		atf_fail "LICENSE has a third clause"
	fi
}

atf_test_case tracked
tracked_head() { atf_set descr "Every tracked file carries the SPDX line"; }
tracked_body()
{
	command -v git >/dev/null || atf_skip "git is not installed"
	git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1 ||
	    atf_skip "$SRCDIR is not a git checkout: no list of tracked files"
	git -C "$SRCDIR" ls-files -z | tr '\0' '\n' |
	    grep -vx 'LICENSE' > files
	[ -s files ] || atf_fail "git lists no tracked file"
	(cd "$SRCDIR" && while read -r f; do lacking "$f"; done) \
	    < files > bad
	if [ -s bad ]; then
		cat bad
		atf_fail "$(wc -l < bad) tracked files lack '$SPDX'"
	fi
}

atf_test_case installed
installed_head() {
	atf_set descr "Every installed header and page carries the SPDX line"
	atf_set require.progs "make flock"
	atf_set timeout 300
}
installed_body()
{
	mkdir -p "$BUILDDIR"
	flock "$BUILDDIR/.make.lock" make -s -C "$SRCDIR" \
	    BUILDDIR="$BUILDDIR" install PREFIX="$PWD/p" > install.log 2>&1 ||
	    { tail -n 20 install.log; atf_fail "make install failed"; }
	find p/include p/share -type f > files
	[ -s files ] || atf_fail "nothing installed"
	while read -r f; do lacking "$f"; done < files > bad
	if [ -s bad ]; then
		cat bad
		atf_fail "$(wc -l < bad) installed files lack '$SPDX'"
	fi
}

atf_init_test_cases()
{
	atf_add_test_case licence_file
	atf_add_test_case tracked
	atf_add_test_case installed
}
