#!/bin/sh
# Live: libsystemd, libproc2, libisal and zlib are optional at run time (dlopen()ed, lib/util/dl.h). In a
# private mount namespace each is hidden by bind-mounting /dev/null over it; then the
# journal must fail with a clear message, and everything else must still work (top-mem
# reads /proc/meminfo itself). The namespace and its mounts vanish with the unshare'd
# shell: nothing outside it is touched. Needs root and unshare(1); skips (77) otherwise.
# Usage: sh optional-libs-missing.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1 SRC=$2
fail=0

[ "$(id -u)" -eq 0 ] || { echo "skip: needs root"; exit 77; }
command -v unshare >/dev/null || { echo "skip: no unshare"; exit 77; }
unshare -m true 2>/dev/null || { echo "skip: cannot create a mount namespace"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-nolibs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/journal"

# where the loader finds a library: the path it opens for our dlopen()
path_of() { # soname command...
	so=$1
	shift
	LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n "s|.*opening file=\([^ ]*/$so\) .*|\1|p" | head -n 1
}
SYSTEMD=$(path_of libsystemd.so.0 "$OOMTOOL" scan-logs -D "$tmp/journal")
PROC2=$(path_of 'libproc2\.so\.[0-9]*' "$OOMTOOL" top-mem -c 1)
gzip -c "$SRC/tests/data/001-debian-clamd-global-ufw.log" >"$tmp/log.gz"
ISAL=$(path_of 'libisal\.so\.[0-9]*' "$OOMTOOL" scan-logs "$tmp/log.gz")
[ -n "$SYSTEMD" ] && [ -n "$PROC2" ] || { echo "skip: cannot locate the libraries (LD_DEBUG)"; exit 77; }
# libncursesw: loaded by --watch only, which needs a terminal (script(1) gives one)
# (its trace comes out of the terminal, on script's stdout; q quits the view)
NCURSES=
command -v script >/dev/null && command -v timeout >/dev/null &&
	NCURSES=$( (sleep 1; printf q) | LD_DEBUG=files TERM=xterm timeout 10 \
		script -qec "$OOMTOOL top-mem -w" /dev/null 2>&1 |
		sed -n 's|.*opening file=\([^ ]*/libncursesw\.so\.[0-9]*\) .*|\1|p' | head -n 1)

# run "$@" with the given libraries hidden; stdout+stderr to $tmp/out, exit status echoed
hidden() { # "lib1 lib2" command...
	libs=$1
	shift
	unshare -m sh -c 'for l in $1; do mount --bind /dev/null "$l" || exit 99; done; shift; "$@"' \
		sh "$libs" "$@" >"$tmp/out" 2>&1
	echo $?
}
check() { # name expected actual
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAIL - $1: expected '$2', got '$3'"; sed 's/^/#   /' "$tmp/out"; fail=1; fi
}
contains() { grep -qF -- "$1" "$tmp/out" && echo yes || echo no; }

# without libsystemd: the journal cannot be read, and says why
check "journal without libsystemd: exit 3" 3 "$(hidden "$SYSTEMD" "$OOMTOOL" scan-logs -D "$tmp/journal")"
check "journal without libsystemd: message" yes "$(contains "cannot read '$tmp/journal': cannot load libsystemd.so.0 (install libsystemd0")"
# a journal directory that does not exist is reported as that, not as the library
check "missing journal dir without libsystemd" 3 "$(hidden "$SYSTEMD" "$OOMTOOL" scan-logs -D "$tmp/none")"
check "missing journal dir: message" yes "$(contains "No such file or directory")"
check "missing journal dir: no library message" no "$(contains "cannot load")"
# a text log needs neither library
check "scan-logs FILE without libsystemd" 0 \
	"$(hidden "$SYSTEMD" "$OOMTOOL" scan-logs -r -n -o PID "$SRC/tests/data/001-debian-clamd-global-ufw.log")"
check "scan-logs FILE finds the kill" yes "$(contains 517)"
# a .gz without libisal: zlib decompresses it
if [ -n "$ISAL" ]; then
	check "scan-logs FILE.gz without libisal" 0 \
		"$(hidden "$ISAL" "$OOMTOOL" scan-logs -r -n -o PID "$tmp/log.gz")"
	check "scan-logs FILE.gz without libisal finds the kill" yes "$(contains 517)"
	# nor zlib: no decoder at all, and the message says what to install
	ZLIB=$(path_of 'libz\.so\.[0-9]*' unshare -m sh -c 'mount --bind /dev/null "$1" && shift && "$@"' \
		sh "$ISAL" "$OOMTOOL" scan-logs "$tmp/log.gz")
	if [ -n "$ZLIB" ]; then
		check "scan-logs FILE.gz without libisal and zlib: exit 3" 3 \
			"$(hidden "$ISAL $ZLIB" "$OOMTOOL" scan-logs "$tmp/log.gz")"
		check "scan-logs FILE.gz without either: message" yes \
			"$(contains "cannot load a gzip decoder, neither libisal nor libz.so.1 (install zlib1g")"
	else
		echo "FAIL - zlib was not loaded for a .gz without libisal"
		fail=1
	fi
else
	echo "ok - # skip .gz without libisal: libisal is not installed"
fi
check "--version without either" 0 "$(hidden "$SYSTEMD $PROC2" "$OOMTOOL" --version)"
# top-mem falls back to its own /proc/meminfo reader
for libs in "$PROC2" "$SYSTEMD"; do
	check "top-mem without $libs" 0 "$(hidden "$libs" "$OOMTOOL" top-mem -c 1)"
	check "top-mem without $libs: memory line" yes "$(contains "mem ")"
	check "top-mem without $libs: not unknown" no "$(contains "memory: unknown")"
done
if [ -n "$NCURSES" ]; then
	check "top-mem -w without libncursesw: exit 3" 3 \
		"$(TERM=xterm hidden "$NCURSES" script -qec "$OOMTOOL top-mem -w" /dev/null </dev/null)"
	check "top-mem -w without libncursesw: message" yes \
		"$(contains "top-mem: --watch needs libncursesw.so")"
	check "top-mem snapshot without libncursesw" 0 "$(hidden "$NCURSES" "$OOMTOOL" top-mem -c 1)"
else
	echo "ok - # skip --watch without libncursesw: no script(1) or no trace"
fi
exit $fail
