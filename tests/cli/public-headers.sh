#!/bin/sh
# Each public header of liboomtool is self-contained:
#  1. it compiles on its own, in C11, with warnings as errors: a program that includes only
#     <oomtool/X.h> must not depend on include order;
#  2. every OOMT_ constant it names, in code or in a comment ("OOMT_UNKNOWN when absent"),
#     and every oomt_ function or object its code or macros use, is defined once that header
#     alone is included: a client compares a field with OOMT_UNKNOWN or expands a macro
#     without knowing which other header defines what;
#  3. oomtool.h, the header that includes them all, includes every one;
#  4. liboomtool(3) lists every one, and no other.
# Usage: public-headers.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
SRC=$2
CC=${CC:-cc}
export LC_ALL=C # plain quotes in the compiler's messages
command -v "$CC" >/dev/null 2>&1 || { echo "skip: no C compiler ($CC)" >&2; exit 77; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-headers.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
compile() { # source object
	"$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$SRC/lib/include" \
		-c "$1" -o "$2" 2>"$TMP/err"
}
for h in "$SRC"/lib/include/oomtool/*.h; do
	name=$(basename "$h")
	printf '#include <oomtool/%s>\nint main(void) { return 0; }\n' "$name" >"$TMP/t.c"
	if ! compile "$TMP/t.c" "$TMP/t.o"; then
		echo "FAIL: <oomtool/$name> does not compile alone:"
		head -5 "$TMP/err"
		fail=1
		continue
	fi
	# names to check: OOMT_ anywhere; oomt_ outside comments (the preprocessor strips
	# comments and keeps macros unexpanded with -fpreprocessed -dD); not wildcards
	# ("oomt_proc_read_*" ends in _) nor struct/enum/union tags
	{
		grep -oE '\bOOMT_[A-Z0-9_]*[A-Z0-9]\b' "$h"
		"$CC" -fpreprocessed -dD -E -P "$h" 2>/dev/null |
			grep -oE '\b((struct|enum|union)[[:space:]]+)?oomt_[a-z0-9_]*[a-z0-9]\b' |
			grep -v '^struct\|^enum\|^union'
	} | sort -u >"$TMP/names"
	{
		printf '#include <oomtool/%s>\n' "$name"
		while read -r n; do
			case $n in
			OOMT_*) # a macro, or an enum constant
				printf '#ifndef %s\nenum { check_%s = (int)sizeof(%s) };\n#endif\n' "$n" "$n" "$n" ;;
			*) # a function or object
				printf 'void *check_%s(void) { return (void *)&%s; }\n' "$n" "$n" ;;
			esac
		done <"$TMP/names"
	} >"$TMP/names.c"
	if ! "$CC" -std=c11 -D_GNU_SOURCE -fsyntax-only -I"$SRC/lib/include" "$TMP/names.c" \
		2>"$TMP/err"; then
		echo "FAIL: <oomtool/$name> names what it does not define or include:"
		sed -n "s/.*'\\([A-Za-z0-9_]*\\)' undeclared.*/\\1/p
			s/.*use of undeclared identifier '\\([A-Za-z0-9_]*\\)'.*/\\1/p" "$TMP/err" |
			sort -u | sed 's/^/  /'
		fail=1
	fi
done

# oomtool.h includes every public header
for h in "$SRC"/lib/include/oomtool/*.h; do
	name=$(basename "$h")
	[ "$name" = oomtool.h ] && continue
	grep -q "^#include <oomtool/$name>" "$SRC/lib/include/oomtool/oomtool.h" ||
		{ echo "FAIL: <oomtool/oomtool.h> does not include <oomtool/$name>"; fail=1; }
done
# liboomtool(3) lists every public header, with one line on what it is for, and no other
for h in "$SRC"/lib/include/oomtool/*.h; do
	grep -q "^\.I <oomtool/${h##*/}>\$" "$SRC/docs/liboomtool.3" ||
		{ echo "FAIL: docs/liboomtool.3 (HEADERS) does not list <oomtool/${h##*/}>"; fail=1; }
done
for name in $(sed -n 's/^\.I <oomtool\/\(.*\)>$/\1/p' "$SRC/docs/liboomtool.3"); do
	[ -f "$SRC/lib/include/oomtool/$name" ] ||
		{ echo "FAIL: docs/liboomtool.3 lists <oomtool/$name>, which is no header"; fail=1; }
done
[ $fail -eq 0 ] && echo "every public header compiles alone, defines what it names and is documented"
exit $fail
