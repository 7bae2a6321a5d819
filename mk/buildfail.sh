#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# buildfail.sh DIR LOG: a Kyuafile whose one case fails, naming LOG.
set -eu
mkdir -p "$1"
cat > "$1/t_build" <<EOT
#! /usr/bin/env atf-sh
atf_test_case build
build_head() { atf_set descr "The configuration builds"; }
build_body() { tail -n 40 "$2" >&2; atf_fail "build failed: see $2"; }
atf_init_test_cases() { atf_add_test_case build; }
EOT
chmod +x "$1/t_build"
printf 'syntax(2)\ntest_suite("simplelock")\natf_test_program{name="t_build"}\n' \
    > "$1/Kyuafile"
