#!/bin/sh
# liboomtool's ABI is what its installed headers declare, nothing more and nothing less:
# every symbol the built library exports (nm -D --defined-only) is oomt_-prefixed and
# declared in lib/include/oomtool/*.h, every name those headers declare is exported, and
# the version script lib/liboomtool.sym lists exactly those names.
# When this fails after a header change: lib/liboomtool-sym.sh --write, then rebuild.
# Usage: exports.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
SRC=$2 BUILD=$3
LIB=$BUILD/liboomtool.so.0
command -v nm >/dev/null 2>&1 || { echo "skip: no nm (binutils)" >&2; exit 77; }
[ -r "$LIB" ] || { echo "FAIL: no library '$LIB'"; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-exports.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0

"$SRC/lib/liboomtool-sym.sh" --declared "$SRC" >"$TMP/declared" || exit 1
# defined dynamic symbols, without their version (name@@OOMTOOL_0.1) and without the
# version nodes themselves (type A)
nm -D --defined-only "$LIB" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	LC_ALL=C sort -u >"$TMP/exported"
[ -s "$TMP/exported" ] || { echo "FAIL: nm lists no symbol in '$LIB'"; exit 1; }

LC_ALL=C comm -13 "$TMP/declared" "$TMP/exported" >"$TMP/extra"
LC_ALL=C comm -23 "$TMP/declared" "$TMP/exported" >"$TMP/missing"
if [ -s "$TMP/extra" ]; then
	echo "FAIL: exported but declared in no installed header (make it static, or move it to an"
	echo "      internal header; or declare it in lib/include/oomtool/ if it is public):"
	sed 's/^/  /' "$TMP/extra"
	fail=1
else
	echo "ok - every exported symbol is declared in an installed header"
fi
if grep -v '^oomt_' "$TMP/exported" >"$TMP/unprefixed"; then
	echo "FAIL: exported without the oomt_ prefix:"
	sed 's/^/  /' "$TMP/unprefixed"
	fail=1
else
	echo "ok - every exported symbol is oomt_-prefixed"
fi
if [ -s "$TMP/missing" ]; then
	echo "FAIL: declared in an installed header but not exported (not defined in lib/, or missing"
	echo "      from lib/liboomtool.sym):"
	sed 's/^/  /' "$TMP/missing"
	fail=1
else
	echo "ok - every function the installed headers declare is exported"
fi
if "$SRC/lib/liboomtool-sym.sh" "$SRC" >"$TMP/symdiff"; then
	echo "ok - lib/liboomtool.sym lists exactly the declared names"
else
	echo "FAIL: lib/liboomtool.sym is out of date (run lib/liboomtool-sym.sh --write):"
	sed 's/^/  /' "$TMP/symdiff"
	fail=1
fi
# every exported symbol carries a version of ours (the version script was applied)
if nm -D --defined-only "$LIB" | awk '$2 != "A" && $3 !~ /@@?OOMTOOL_/ { bad = 1; print "  " $3 } END { exit !bad }'; then
	echo "FAIL: the symbols above carry no OOMTOOL_ version (version script not applied?)"
	fail=1
fi
exit $fail
