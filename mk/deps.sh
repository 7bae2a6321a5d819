#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deps.sh [--check] | --atf-source DIR
#
# Installs the Debian packages the project needs, when missing: with
# apt-get as root, otherwise it names them and fails.  --check only
# reports.  --atf-source DIR unpacks Debian's atf source into DIR (for
# cross-built atf-c), enabling deb-src for the host's mirror if needed.
set -eu

BASE="make gcc clang lld llvm binutils kyua atf-sh libatf-dev mandoc man-db
pkg-config gnuplot-nox libck-dev valgrind dpkg-dev python3"
CROSS="qemu-user gcc-i686-linux-gnu libc6-dev-i386-cross
gcc-aarch64-linux-gnu libc6-dev-arm64-cross
gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
gcc-arm-linux-gnueabi libc6-dev-armel-cross
gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
gcc-powerpc-linux-gnu libc6-dev-powerpc-cross
gcc-powerpc64-linux-gnu libc6-dev-ppc64-cross
gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross
gcc-mips-linux-gnu libc6-dev-mips-cross
gcc-mipsel-linux-gnu libc6-dev-mipsel-cross
gcc-mips64-linux-gnuabi64 libc6-dev-mips64-cross
gcc-mips64el-linux-gnuabi64 libc6-dev-mips64el-cross
gcc-sparc64-linux-gnu libc6-dev-sparc64-cross
gcc-m68k-linux-gnu libc6-dev-m68k-cross
gcc-hppa-linux-gnu libc6-dev-hppa-cross
gcc-s390x-linux-gnu libc6-dev-s390x-cross
gcc-alpha-linux-gnu gcc-sh4-linux-gnu libc6-dev-sh4-cross
qemu-system-x86 qemu-system-arm qemu-system-misc
qemu-system-sparc qemu-system-ppc qemu-system-mips"

updated=
apt_update() {
	[ -n "$updated" ] || { apt-get update -qq >&2; updated=yes; }
}

is_root() { [ "$(id -u)" = 0 ]; }

atf_source() {
	dest=$1
	[ -f "$dest/atf-0.21/atf-c.h" ] && return 0
	mkdir -p "$dest"
	tmp=$(mktemp -d)
	if ! (cd "$tmp" && apt-get source --download-only -qq atf \
	    >/dev/null 2>&1); then
		if ! is_root; then
			echo "deps.sh: cannot fetch Debian's atf source;" \
			    "enable deb-src in APT or run as root" >&2
			exit 1
		fi
		# Same mirror and suite as the host's binary packages.
		cat > /etc/apt/sources.list.d/simplelock-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
		apt-get update -qq >&2
		(cd "$tmp" && apt-get source --download-only -qq atf >/dev/null)
	fi
	tar -xzf "$tmp"/atf_0.21.orig.tar.gz -C "$dest"
	rm -rf "$tmp"
}

case "${1:-}" in
--atf-source) atf_source "$2"; exit 0 ;;
esac

missing=
for p in $BASE $CROSS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "${1:-}" = --check ]; then
	echo "missing packages:$missing"
	exit 1
fi
if ! is_root; then
	echo "deps.sh: these Debian packages are missing; as root run:" >&2
	echo "  apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing:$missing" >&2
apt_update
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $missing >&2
