#!/bin/sh
# cmake --install into a DESTDIR puts everything where Debian expects it, and the installed
# binary runs as installed:
#  - prefix /usr/local: RUNPATH $ORIGIN/../<libdir> finds the installed liboomtool.so.0
#    (no LD_LIBRARY_PATH), and a second program builds against it with pkg-config;
#  - prefix /usr (the package's): no RUNPATH, the library is in the loader's system path.
# Usage: install.sh OOMTOOL SOURCE_DIR BUILD_DIR   (CMAKE: the cmake of the build)
set -u
SRC=$2 BUILD=$3
CMAKE=${CMAKE:-cmake}
command -v "$CMAKE" >/dev/null 2>&1 || { echo "skip: no cmake to install with" >&2; exit 77; }
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-install exec "$3") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
unset LD_LIBRARY_PATH
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else bad "$desc"; fi; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
BINDIR=$(cache CMAKE_INSTALL_BINDIR) LIBDIR=$(cache CMAKE_INSTALL_LIBDIR)
INCDIR=$(cache CMAKE_INSTALL_INCLUDEDIR) MANDIR=$(cache CMAKE_INSTALL_MANDIR)
DATADIR=$(cache CMAKE_INSTALL_DATADIR)
# defaults when the cache does not spell them out
: "${BINDIR:=bin}" "${LIBDIR:=lib}" "${INCDIR:=include}" "${DATADIR:=share}"
: "${MANDIR:=$DATADIR/man}"
runpath() { readelf -d "$1" 2>/dev/null | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p'; }
# the file the loader maps for liboomtool.so.0 when running "$@" (glibc's LD_TRACE)
libfile() { LD_TRACE_LOADED_OBJECTS=1 "$@" 2>/dev/null | sed -n 's/^[[:space:]]*liboomtool\.so\.0 => \(.*\) (0x[0-9a-f]*)$/\1/p'; }

install_to() { # prefix: DESTDIR install into $TMP/<name>, root of it in $D, prefix in $P
	D=$TMP/dest$n P=$1
	if DESTDIR=$D "$CMAKE" --install "$BUILD" --prefix "$P" >"$TMP/log" 2>&1; then
		ok "DESTDIR install with prefix $P"
	else
		bad "DESTDIR install with prefix $P"; sed 's/^/  | /' "$TMP/log"; return 1
	fi
}

files_in_place() {
	R=$D$P
	check "binary in $BINDIR" test -x "$R/$BINDIR/oomtool"
	check "liboomtool.so.0 (soname link) in $LIBDIR" test -L "$R/$LIBDIR/liboomtool.so.0"
	check "liboomtool.so.0 is the real library" test -f "$R/$LIBDIR/liboomtool.so.0"
	check "liboomtool.so (development link) to the soname" \
		test "$(readlink "$R/$LIBDIR/liboomtool.so")" = liboomtool.so.0
	check "no static library installed" sh -c "! ls '$R/$LIBDIR'/*.a 2>/dev/null"
	check "pkg-config file" test -f "$R/$LIBDIR/pkgconfig/oomtool.pc"
	check "oomtool.pc names the install prefix" grep -qx "prefix=$P" "$R/$LIBDIR/pkgconfig/oomtool.pc"
	missing=
	for h in "$SRC"/lib/include/oomtool/*.h; do
		[ -f "$R/$INCDIR/oomtool/${h##*/}" ] || missing="$missing ${h##*/}"
	done
	check "every public header in $INCDIR/oomtool${missing:+ (missing:$missing)}" test -z "$missing"
	missing=
	for page in "$SRC"/docs/*.[1-8]; do
		sec=${page##*.}
		[ -f "$R/$MANDIR/man$sec/${page##*/}" ] || missing="$missing ${page##*/}"
	done
	check "every man page in $MANDIR/manN${missing:+ (missing:$missing)}" test -z "$missing"
	check "liboomtool(3) among them" test -f "$R/$MANDIR/man3/liboomtool.3"
	check "bash completion" test -f "$R/$DATADIR/bash-completion/completions/oomtool"
	check "zsh completion" test -f "$R/$DATADIR/zsh/vendor-completions/_oomtool"
	check "fish completion" test -f "$R/$DATADIR/fish/vendor_completions.d/oomtool.fish"
}

# ---- prefix /usr/local: runs as installed
install_to /usr/local || exit 1
files_in_place
BIN=$D$P/$BINDIR/oomtool
rp=$(runpath "$BIN")
check "RUNPATH is relative to the binary (\$ORIGIN/...): '$rp'" \
	test "$rp" = "\$ORIGIN/$(realpath -m --relative-to="/$BINDIR" "/$LIBDIR")"
"$BIN" --version >"$TMP/out" 2>&1
rc=$?
check "installed oomtool --version runs, no LD_LIBRARY_PATH" test "$rc" -eq 0
check "--version names oomtool" grep -q '^oomtool ' "$TMP/out"
[ "$rc" -eq 0 ] || sed 's/^/  | /' "$TMP/out"
lib=$(libfile "$BIN")
if [ -n "$lib" ]; then
	check "it maps the installed library ($lib)" test "$(realpath "$lib")" = "$(realpath "$D$P/$LIBDIR/liboomtool.so.0")"
fi
# moved elsewhere, it still finds its library
mv "$D" "$D.moved" && D=$D.moved
check "the install moved as a whole still runs" "$D$P/$BINDIR/oomtool" --version

# a second program, built with pkg-config against the installed headers and library
CC=${CC:-cc}
if command -v "$CC" >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1; then
	cat >"$TMP/second.c" <<'PROG'
#include <stdio.h>
#include <oomtool/oomtool.h>
int main(void)
{
	printf("%lld\n", (long long)oomt_page_size());
	return 0;
}
PROG
	flags=$(PKG_CONFIG_SYSROOT_DIR=$D PKG_CONFIG_PATH=$D$P/$LIBDIR/pkgconfig \
		pkg-config --cflags --libs oomtool 2>"$TMP/err")
	pkg_var() { PKG_CONFIG_PATH=$D$P/$LIBDIR/pkgconfig pkg-config --variable="$1" oomtool; }
	check "pkg-config --cflags --libs oomtool: $flags" test -n "$flags"
	[ -n "$flags" ] || sed 's/^/  | /' "$TMP/err"
	# the library of a sanitizer build needs the sanitizer runtime first
	san=
	readelf -d "$D$P/$LIBDIR/liboomtool.so.0" 2>/dev/null | grep -q 'libasan' &&
		san=-fsanitize=address,undefined
	# pkg-config's flags are words for a shell: a path with a space (a $TMPDIR with one)
	# cannot be told from two words there, so then the program is built from the .pc
	# file's directories instead (the same flags: -I${includedir} -L${libdir} -loomtool)
	case $D in
	*[[:space:]]*)
		set -- "-I$D$(pkg_var includedir)" "-L$D$(pkg_var libdir)" -loomtool ;;
	*)
		# shellcheck disable=SC2086
		set -- $flags ;;
	esac
	# shellcheck disable=SC2086
	if "$CC" $san -o "$TMP/second" "$TMP/second.c" "$@" -Wl,-rpath,"$D$P/$LIBDIR" \
		2>"$TMP/err"; then
		ok "a second program compiles and links with pkg-config oomtool"
		check "it gets the same page size as getconf PAGESIZE" \
			test "$("$TMP/second")" = "$(getconf PAGESIZE)"
	else
		bad "a second program compiles and links with pkg-config oomtool"
		sed 's/^/  | /' "$TMP/err"
	fi
else
	echo "# no $CC or pkg-config: second program not built"
fi

# ---- prefix /usr (what the package does): no RUNPATH, the system path finds the library
install_to /usr || exit 1
files_in_place
BIN=$D$P/$BINDIR/oomtool
rp=$(runpath "$BIN")
check "no RUNPATH when the library is in the system path${rp:+ (has '$rp')}" test -z "$rp"
check "it runs with the library next to it on the loader's path" \
	env LD_LIBRARY_PATH="$D$P/$LIBDIR" "$BIN" --version

echo "# $n checks"
exit $fail
