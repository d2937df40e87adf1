#!/bin/sh
# libsystemd, libproc2, libisal and zlib (.gz only; zlib where libisal is missing) are
# dlopen()ed on first use (lib/util/dl.h), libncursesw by top-mem --watch only, so that
# commands that do not need them do not carry their resident pages (libsystemd brings six
# more libraries, ~0.8 MiB; ncurses ~0.25 MiB; zlib ~0.1 MiB). Checked with the dynamic
# loader's own trace (glibc LD_DEBUG): which command loads what. Skips (77) when the loader
# does not trace.
# Usage: sh optional-libs.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1 SRC=$2
fail=0

# the names of the shared objects the loader opened while running "$@"
loaded() { LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u; }
has() { printf '%s\n' "$1" | grep -q "^$2"; }
expect() { # name libs-wanted libs-unwanted command...
	name=$1 want=$2 unwanted=$3
	shift 3
	libs=$(loaded "$@")
	for l in $want; do
		has "$libs" "$l" || { echo "FAIL - $name: $l not loaded"; fail=1; continue; }
		echo "ok - $name loads $l"
	done
	for l in $unwanted; do
		if has "$libs" "$l"; then echo "FAIL - $name: $l loaded"; fail=1
		else echo "ok - $name does not load $l"; fi
	done
}

has "$(loaded "$OOMTOOL" --version)" libc.so || { echo "skip: LD_DEBUG does not trace here"; exit 77; }

expect "--version" "" "libsystemd.so libproc2.so libncursesw.so libz.so" "$OOMTOOL" --version
expect "scan-logs FILE" "" "libsystemd.so libproc2.so libisal.so libz.so" \
	"$OOMTOOL" scan-logs "$SRC/tests/data/001-debian-clamd-global-ufw.log"
expect "top-mem --sysroot" "" "libsystemd.so libproc2.so" \
	"$OOMTOOL" top-mem --sysroot "$SRC/tests/fixtures/proc-basic"
# the journal and the live top-mem do load them: the trace above would see them
tmp=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-libs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# a .gz loads libisal (ISA-L's inflate) where it is installed, and nothing else
gzip -c "$SRC/tests/data/001-debian-clamd-global-ufw.log" >"$tmp/log.gz"
if [ -n "$(ldconfig -p 2>/dev/null | grep 'libisal\.so\.')" ]; then
	expect "scan-logs FILE.gz" "libisal.so" "libsystemd.so libproc2.so libz.so" "$OOMTOOL" scan-logs "$tmp/log.gz"
else
	expect "scan-logs FILE.gz (no libisal)" "libz.so" "libsystemd.so libproc2.so" "$OOMTOOL" scan-logs "$tmp/log.gz"
fi
rm -f "$tmp/log.gz"
expect "scan-logs -D" "libsystemd.so" "libproc2.so" "$OOMTOOL" scan-logs -D "$tmp"
expect "top-mem (live)" "libproc2.so" "libncursesw.so" "$OOMTOOL" top-mem -c 1
exit $fail
