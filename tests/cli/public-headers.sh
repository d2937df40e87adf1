#!/bin/sh
# Each public header of liboomtool compiles on its own, in C11, with warnings as errors:
# a program that includes only <oomtool/X.h> must not depend on include order.
# Usage: public-headers.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
SRC=$2
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || { echo "skip: no C compiler"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
for h in "$SRC"/lib/include/oomtool/*.h; do
	name=$(basename "$h")
	printf '#include <oomtool/%s>\nint main(void) { return 0; }\n' "$name" >"$TMP/t.c"
	if ! "$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$SRC/lib/include" \
		-c "$TMP/t.c" -o "$TMP/t.o" 2>"$TMP/err"; then
		echo "FAIL: <oomtool/$name> does not compile alone:"
		head -5 "$TMP/err"
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "every public header compiles alone"
exit $fail
