#!/bin/sh
# swap-setup --sysroot DIR: the settings are read under DIR (fstab, sysctl.d, vm.swappiness),
# and --root DIR, its first name, is the same option. Changes nothing on the system.
# Usage: sh swap-setup-sysroot.sh OOMTOOL SOURCE_DIR BUILD_DIR
OOMT=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-swapsysroot.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
R=$T/root
mkdir -p "$R/etc/sysctl.d" "$R/proc/sys/vm" "$T/files"
printf '# fixture\n/gone/swapfile none swap sw,pri=3 0 0\n' >"$R/etc/fstab"
printf '33\n' >"$R/proc/sys/vm/swappiness"
printf 'vm.swappiness = 10\n' >"$R/etc/sysctl.d/90-oomtool.conf"
cp -R "$R" "$T/root.orig"

fail() {
	echo "FAIL: $*"
	cat "$T/out"
	exit 1
}

# status reads the tree's vm.swappiness and fstab, whatever the host says
"$OOMT" swap-setup --status --sysroot "$R" >"$T/out" 2>&1
case $? in 0|1) ;; *) fail "status exit $?" ;; esac
grep -q "^vm.swappiness: 33$" "$T/out" || fail "status: swappiness not read under the sysroot"
grep -q "fstab: /gone/swapfile (sw,pri=3) is not active" "$T/out" || fail "status: fstab"
"$OOMT" swap-setup --status -J --sysroot "$R" >"$T/out" 2>&1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["swappiness"] == 33; assert d["fstab_inactive"] == [{"spec": "/gone/swapfile", "options": "sw,pri=3"}]' "$T/out" ||
	fail "status JSON under the sysroot"

# --root is --sysroot: the same output, byte for byte, for status and for a dry run
for args in "--status" "--status -J" "--size 64M --path $T/files/swapfile --swappiness 10 --dry-run" \
	"--size 64M --path $T/files/swapfile --swappiness 10 --dry-run -J" \
	"--remove --path $T/files/swapfile --dry-run -J"; do
	# shellcheck disable=SC2086
	"$OOMT" swap-setup $args --sysroot "$R" >"$T/a" 2>&1 </dev/null
	a=$?
	# shellcheck disable=SC2086
	"$OOMT" swap-setup $args --root "$R" >"$T/b" 2>&1 </dev/null
	b=$?
	[ "$a" = "$b" ] || fail "--root exits $b, --sysroot $a: $args"
	cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b"; fail "--root and --sysroot differ: $args"; }
done

# the plan reads vm.swappiness under the sysroot (33, not the host's value); it is only
# computed as root, on a filesystem that can hold swap files
"$OOMT" swap-setup --size 64M --path "$T/files/swapfile" --swappiness 10 --sysroot "$R" \
	--dry-run -J >"$T/out" 2>&1 </dev/null
if grep -q '"verdict": "ready"' "$T/out"; then
	grep -q '"set vm.swappiness from 33 to 10"' "$T/out" || fail "plan: swappiness not from the sysroot"
	# the sysctl.d file under the sysroot already says 10: nothing to persist
	grep -q '"sysctl-persist"' "$T/out" && fail "plan: persists what the sysroot already has"
	# no proc/sys in the tree (an image): only persisted, with a warning
	rm -r "$R/proc"
	rm "$R/etc/sysctl.d/90-oomtool.conf"
	"$OOMT" swap-setup --size 64M --path "$T/files/swapfile" --swappiness 10 --root "$R" \
		--dry-run >"$T/out" 2>&1 </dev/null
	grep -q "sysctl-persist" "$T/out" || fail "image: not persisted"
	grep -q "only persisted" "$T/out" || fail "image: no warning"
	grep -q " swappiness " "$T/out" && fail "image: a live swappiness step"
	cp -R "$T/root.orig/proc" "$R/proc"
	cp "$T/root.orig/etc/sysctl.d/90-oomtool.conf" "$R/etc/sysctl.d/"
else
	echo "skip: the plan needs root and a filesystem for swap files; checked the rest"
fi

# dry runs and status changed nothing under the sysroot
diff -r "$T/root.orig" "$R" >"$T/out" 2>&1 || fail "the sysroot changed"
[ -e "$T/files/swapfile" ] && fail "a dry run created the file"
exit 0
