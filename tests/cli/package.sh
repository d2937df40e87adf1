#!/bin/sh
# The Debian package (CPack, cmake/package.cmake; `cmake --build build --target package`
# runs the same): its Depends come from dpkg-shlibdeps (what the ELF files link), its
# Recommends name the dlopen()ed libraries, and it holds the command, the library, the man
# pages and the completions under /usr, the binary without RUNPATH.
# Built here with cpack into a temporary directory, so the build tree is left as it was.
# Skips (77) without dpkg-deb or dpkg-shlibdeps (not a Debian-like host).
# Usage: package.sh OOMTOOL SOURCE_DIR BUILD_DIR   (CPACK: the cpack of the build)
set -u
SRC=$2 BUILD=$3
CPACK=${CPACK:-cpack}
for tool in dpkg-deb dpkg-shlibdeps "$CPACK"; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "skip: no $tool: the .deb is not built nor checked here" >&2; exit 77; }
done
[ -r "$BUILD/CPackConfig.cmake" ] || { echo "FAIL: no '$BUILD/CPackConfig.cmake'"; exit 1; }
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-package exec "$3") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else bad "$desc"; fi; }

if ! "$CPACK" --config "$BUILD/CPackConfig.cmake" -B "$TMP/out" >"$TMP/log" 2>&1; then
	bad "cpack writes a package"; sed 's/^/  | /' "$TMP/log"; exit 1
fi
deb=$(ls "$TMP"/out/*.deb 2>/dev/null | head -n 1)
check "cpack writes a .deb (${deb##*/})" test -f "$deb"
[ -f "$deb" ] || exit 1
arch=$(dpkg --print-architecture 2>/dev/null)
version=$(sed -n 's/^project(oomtool VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
check "named as Debian names packages (oomtool_${version}_$arch.deb)" \
	test "${deb##*/}" = "oomtool_${version}_$arch.deb"

dpkg-deb -I "$deb" >"$TMP/info"
field() { sed -n "s/^ $1: //p" "$TMP/info"; }
sed 's/^/  | /' "$TMP/info"
depends=$(field Depends)
for pkg in libc6 libsmartcols1 zlib1g; do
	check "Depends: $pkg" sh -c "echo '$depends' | grep -q '\\b$pkg\\b'"
done
check "Depends: not on itself nor on the dlopen()ed libraries" \
	sh -c "! echo '$depends' | grep -q 'oomtool\|libsystemd\|libproc2\|ncurses\|libisal'"
check "Recommends: libsystemd0, libproc2-0, libncursesw6, libisal2" \
	test "$(field Recommends)" = "libsystemd0, libproc2-0, libncursesw6, libisal2"
check "Package: oomtool, Version: $version" \
	test "$(field Package) $(field Version)" = "oomtool $version"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$TMP/files"
has() { grep -qx "$1" "$TMP/files"; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch 2>/dev/null)
libdir=/usr/lib${multiarch:+/$multiarch}
check "/usr/bin/oomtool" has /usr/bin/oomtool
check "$libdir/liboomtool.so.0" has "$libdir/liboomtool.so.0"
check "$libdir/liboomtool.so" has "$libdir/liboomtool.so"
check "$libdir/pkgconfig/oomtool.pc" has "$libdir/pkgconfig/oomtool.pc"
check "/usr/include/oomtool/oomtool.h" has /usr/include/oomtool/oomtool.h
missing=
for page in "$SRC"/docs/*.[1-8]; do
	has "/usr/share/man/man${page##*.}/${page##*/}.gz" || missing="$missing ${page##*/}"
done
check "every man page, gzip'ed${missing:+ (missing:$missing)}" test -z "$missing"
check "bash, zsh, fish completions" sh -c "grep -qx /usr/share/bash-completion/completions/oomtool '$TMP/files' &&
	grep -qx /usr/share/zsh/vendor-completions/_oomtool '$TMP/files' &&
	grep -qx /usr/share/fish/vendor_completions.d/oomtool.fish '$TMP/files'"
check "nothing outside /usr" sh -c "! grep -v '^/usr/\|^/$' '$TMP/files'"

dpkg-deb -x "$deb" "$TMP/root"
check "oomtool.pc: prefix=/usr" grep -qx prefix=/usr "$TMP/root$libdir/pkgconfig/oomtool.pc"
if command -v readelf >/dev/null 2>&1; then
	check "/usr/bin/oomtool has no RUNPATH" sh -c "! readelf -d '$TMP/root/usr/bin/oomtool' | grep -q 'RUNPATH\|RPATH'"
fi
check "the packaged oomtool runs (library on the loader's path)" \
	env LD_LIBRARY_PATH="$TMP/root$libdir" "$TMP/root/usr/bin/oomtool" --version
echo "# $n checks"
exit $fail
