#!/bin/sh
# Live: the command is in its cgroup before its first instruction, both ways lib/run starts
# it: clone3(CLONE_INTO_CGROUP) on cgroup v2 (Linux 5.7+), and the fallback (the child
# writes itself into cgroup.procs before exec); and a child's failure to join or to exec
# comes back to the parent as data. Uses a cgroup of its own in the v2 hierarchy (no
# controller needed: /sys/fs/cgroup/unified on hybrid hosts), removed at the end.
# Skips (77) without root, a v2 hierarchy or a C compiler.
# Usage: sh run-spawn-v2.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
SRC=$2
BUILD=$3
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
V2=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
	[ -f "$d/cgroup.procs" ] && [ -f "$d/cgroup.controllers" ] && { V2=$d; break; }
done
[ -n "$V2" ] || { echo "skip: no cgroup v2 hierarchy mounted" >&2; exit 77; }
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "skip: no C compiler ($CC)" >&2; exit 77; }
[ -f "$BUILD/liboomtool_internal.a" ] || { echo "skip: no $BUILD/liboomtool_internal.a" >&2; exit 77; }
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-live-run exec "$3") || exit 1
CG=$V2/oomtool-run-spawn-test-$$
trap 'rmdir "$CG" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

SAN=
ldd "$BUILD/liboomtool.so.0" 2>/dev/null | grep -q libasan && SAN="-fsanitize=address,undefined"
# shellcheck disable=SC2086
"$CC" -o "$TMP/spawn" $SAN -D_GNU_SOURCE -I"$SRC/lib" -I"$SRC/lib/include" \
	"$SRC/tests/lib/run-spawn-v2.c" "$BUILD/liboomtool_internal.a" -lz -lm -lpthread -ldl || exit 1
mkdir "$CG" || exit 1
"$TMP/spawn" "$CG" >"$TMP/out" 2>&1
sed 's/^/# /' "$TMP/out"
want="0::/oomtool-run-spawn-test-$$"
[ "$(grep -c "^$want\$" "$TMP/out")" -eq 2 ] || fail "the commands did not both start in $want"
release=$(uname -r)
major=${release%%.*}; minor=${release#*.}; minor=${minor%%.*}
if [ "$major" -gt 5 ] || { [ "$major" -eq 5 ] && [ "$minor" -ge 7 ]; }; then
	grep -q "^clone3: clone_into_cgroup=1 failed_stage=0 .* status=0$" "$TMP/out" ||
		fail "clone3(CLONE_INTO_CGROUP) was not used on $release"
fi
grep -q "^write: clone_into_cgroup=0 failed_stage=0 .* status=0$" "$TMP/out" ||
	fail "the fallback did not start the command"
grep -q "^join-fails: clone_into_cgroup=0 failed_stage=1 failed_errno=9 " "$TMP/out" ||
	fail "a child that cannot join did not report it (EBADF)"
grep -q "^exec-fails: .* failed_stage=2 failed_errno=2 " "$TMP/out" ||
	fail "a child that cannot exec did not report it (ENOENT)"
[ -z "$(cat "$CG/cgroup.procs")" ] || fail "a process was left in $CG"
[ "$fails" -eq 0 ] && echo "ok: in the cgroup before the first instruction, clone3 and fallback"
[ "$fails" -eq 0 ]
