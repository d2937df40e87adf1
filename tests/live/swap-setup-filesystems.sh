#!/bin/sh
# Live: create, re-run, resize and remove a swap file on ext4, xfs and btrfs loop images.
# Usage: sh swap-setup-filesystems.sh OOMTOOL SOURCE_DIR BUILD_DIR
. "$2/tests/live/swap-common.inc"

lifecycle() {
	fs=$1
	make_fs "$fs" 1G "$fs"
	root=$T/root-$fs
	mkdir -p "$root/etc"
	printf '# fstab for %s\n\tUUID=1234-abcd  /   ext4\terrors=remount-ro 0 1\n#end\n' "$fs" \
		>"$root/etc/fstab"
	cp "$root/etc/fstab" "$T/fstab.orig"
	sw=$MNT/swapfile

	expect_rc 0 "$OOMT" swap-setup --size 64M --path "$sw" --root "$root" -y
	in_swaps "$sw" || fail "$fs: not in /proc/swaps"
	[ "$(stat -c %a "$sw")" = 600 ] || fail "$fs: mode $(stat -c %a "$sw")"
	[ "$(stat -c %s "$sw")" = 67108864 ] || fail "$fs: size"
	[ "$(fstab_lines "$sw" "$root/etc/fstab")" = 1 ] || fail "$fs: fstab lines"
	head -c "$(stat -c %s "$T/fstab.orig")" "$root/etc/fstab" | cmp -s - "$T/fstab.orig" ||
		fail "$fs: old fstab bytes changed"
	cmp -s "$root/etc/fstab.oomtool.bak" "$T/fstab.orig" || fail "$fs: backup"

	# idempotent: nothing changes
	before=$(stat -c '%i %Y %s' "$sw" "$root/etc/fstab")
	expect_rc 0 "$OOMT" swap-setup --size 64M --path "$sw" --root "$root" -y
	expect_out "Already done"
	[ "$(stat -c '%i %Y %s' "$sw" "$root/etc/fstab")" = "$before" ] || fail "$fs: rerun changed"
	expect_rc 0 "$OOMT" swap-setup --size 64M --path "$sw" --root "$root" --dry-run -J
	expect_out '"verdict": "done"'
	expect_rc 0 "$OOMT" swap-setup --status --root "$root" -J
	expect_out "\"path\": \"$sw\""

	# another size: refused without --resize, re-created with it
	expect_rc 3 "$OOMT" swap-setup --size 96M --path "$sw" --root "$root" -y
	expect_out "--resize"
	[ "$(stat -c '%i %Y %s' "$sw" "$root/etc/fstab")" = "$before" ] || fail "$fs: refusal changed"
	expect_rc 0 "$OOMT" swap-setup --resize --size 96M --path "$sw" --root "$root" -y
	in_swaps "$sw" || fail "$fs: not active after resize"
	[ "$(stat -c %s "$sw")" = 100663296 ] || fail "$fs: resized size"
	[ "$(fstab_lines "$sw" "$root/etc/fstab")" = 1 ] || fail "$fs: fstab lines after resize"

	# remove leaves nothing
	expect_rc 0 "$OOMT" swap-setup --remove --path "$sw" --root "$root" -y
	in_swaps "$sw" && fail "$fs: still active after --remove"
	[ -e "$sw" ] && fail "$fs: file left after --remove"
	cmp -s "$root/etc/fstab" "$T/fstab.orig" || fail "$fs: fstab not restored"
	expect_rc 0 "$OOMT" swap-setup --remove --path "$sw" --root "$root" -y
	expect_out "Nothing to remove"
	echo "ok: $fs"
}

# --sysroot: vm.swappiness is written under the tree, never to the running kernel; a step
# failing after it puts the tree's value, fstab, sysctl.d and the swap file back.
sysroot_settings() {
	make_fs ext4 512M settings
	root=$T/root-settings
	sw=$MNT/swapfile
	mkdir -p "$root/etc" "$root/proc/sys/vm"
	printf '# fstab\n' >"$root/etc/fstab"
	printf '60\n' >"$root/proc/sys/vm/swappiness"
	live=$(cat /proc/sys/vm/swappiness)
	value=10
	[ "$live" = 10 ] && value=11

	# sysctl.d is a file, not a directory: the last step fails, everything is undone
	printf 'not a directory\n' >"$root/etc/sysctl.d"
	cp -R "$root" "$T/root-settings.orig"
	expect_rc 3 "$OOMT" swap-setup --size 64M --path "$sw" --swappiness "$value" \
		--sysroot "$root" -y
	expect_out "'sysctl-persist' failed"
	expect_out "everything this run changed was undone"
	in_swaps "$sw" && fail "settings: left active"
	[ -e "$sw" ] && fail "settings: file left"
	diff -r "$T/root-settings.orig" "$root" >"$T/out" 2>&1 || fail "settings: tree not restored"
	[ "$(cat /proc/sys/vm/swappiness)" = "$live" ] || fail "settings: live swappiness changed"
	rm "$root/etc/sysctl.d"

	expect_rc 0 "$OOMT" swap-setup --size 64M --path "$sw" --swappiness "$value" \
		--sysroot "$root" -y
	in_swaps "$sw" || fail "settings: not active"
	[ "$(cat "$root/proc/sys/vm/swappiness")" = "$value" ] || fail "settings: tree value"
	[ "$(cat /proc/sys/vm/swappiness)" = "$live" ] || fail "settings: live swappiness changed"
	grep -q "^# was: vm.swappiness = 60$" "$root/etc/sysctl.d/90-oomtool.conf" &&
		grep -q "^vm.swappiness = $value$" "$root/etc/sysctl.d/90-oomtool.conf" ||
		fail "settings: sysctl.d file"
	expect_rc 0 "$OOMT" swap-setup --size 64M --path "$sw" --swappiness "$value" \
		--sysroot "$root" -y
	expect_out "Already done"
	expect_rc 0 "$OOMT" swap-setup --remove --path "$sw" --sysroot "$root" -y
	in_swaps "$sw" && fail "settings: still active after --remove"
	echo "ok: settings under --sysroot"
}

ran=0
if command -v mkfs.ext4 >/dev/null 2>&1; then
	sysroot_settings
	ran=1
fi
for fs in ext4 xfs btrfs; do
	if ! command -v "mkfs.$fs" >/dev/null 2>&1; then
		echo "skip $fs: no mkfs.$fs"
		continue
	fi
	lifecycle "$fs"
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || exit 77
