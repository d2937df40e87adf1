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

ran=0
for fs in ext4 xfs btrfs; do
	if ! command -v "mkfs.$fs" >/dev/null 2>&1; then
		echo "skip $fs: no mkfs.$fs"
		continue
	fi
	lifecycle "$fs"
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || exit 77
