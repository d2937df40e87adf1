#!/bin/sh
# Live: every refusal and failure leaves nothing behind (no file, no swap, fstab untouched),
# or says exactly what remains.
# Usage: sh swap-setup-failures.sh OOMTOOL SOURCE_DIR BUILD_DIR
. "$2/tests/live/swap-common.inc"
command -v mkfs.ext4 >/dev/null 2>&1 || { echo "skip: no mkfs.ext4"; exit 77; }

make_fs ext4 1G main
MAIN=$MNT
root=$T/root
mkdir -p "$root/etc"
printf 'UUID=1 / ext4 defaults 0 1\n' >"$root/etc/fstab"
cp "$root/etc/fstab" "$T/fstab.orig"

nothing_left() {
	in_swaps "$1" && fail "$2: '$1' left active"
	[ -e "$1" ] && fail "$2: '$1' left behind"
	cmp -s "$root/etc/fstab" "$T/fstab.orig" || fail "$2: fstab changed"
	[ -e "$root/etc/fstab.oomtool.bak" ] && fail "$2: backup written"
	ls -A "$root/etc" | grep -q oomtool- && fail "$2: temporary file left"
	echo "ok: $2"
}

# an existing data file is neither overwritten nor deleted
printf 'precious\n' >"$MAIN/data"
expect_rc 3 "$OOMT" swap-setup --size 64M --path "$MAIN/data" --root "$root" -y
expect_out "no swap signature"
[ "$(cat "$MAIN/data")" = precious ] || fail "data file changed"
expect_rc 3 "$OOMT" swap-setup --remove --path "$MAIN/data" --root "$root" -y
[ "$(cat "$MAIN/data")" = precious ] || fail "data file removed"
echo "ok: existing regular file"

# a symlink is not followed, its target not created
ln -s "$MAIN/target" "$MAIN/link"
expect_rc 3 "$OOMT" swap-setup --size 64M --path "$MAIN/link" --root "$root" -y
expect_out "symbolic link"
[ -e "$MAIN/target" ] && fail "symlink target created"
nothing_left "$MAIN/target" "symlink"

# tmpfs is refused with the reason
mkdir "$T/tmpfs"
mount -t tmpfs -o size=16M tmpfs "$T/tmpfs" || fail "mount tmpfs"
add_mount "$T/tmpfs"
expect_rc 3 "$OOMT" swap-setup --size 8M --path "$T/tmpfs/swapfile" --root "$root" -y
expect_out "tmpfs"
nothing_left "$T/tmpfs/swapfile" "tmpfs"

# a filesystem too small for the size plus its margin
make_fs ext4 64M small
expect_rc 3 "$OOMT" swap-setup --size 60M --path "$MNT/swapfile" --root "$root" -y
expect_out "check 'space' refused"
nothing_left "$MNT/swapfile" "too small"

# allocation failing part way (file size limit: EFBIG from fallocate or write)
expect_rc 3 sh -c 'trap "" XFSZ; ulimit -f 16384; exec "$@"' sh \
	"$OOMT" swap-setup --size 64M --path "$MAIN/swapfile" --root "$root" -y
expect_out "step 2 'fallocate' failed"
expect_out "undone"
nothing_left "$MAIN/swapfile" "allocation failure"

# fstab directory not writable (immutable): swap is not left enabled without persistence
root2=$MAIN/root2
mkdir -p "$root2/etc"
cp "$T/fstab.orig" "$root2/etc/fstab"
if chattr +i "$root2/etc" 2>/dev/null; then
	IMMUTABLE="$root2/etc"
	expect_rc 3 "$OOMT" swap-setup --size 64M --path "$MAIN/swapfile" --root "$root2" -y
	expect_out "step 6 'fstab-add' failed"
	expect_out "everything this run changed was undone"
	chattr -i "$root2/etc"
	IMMUTABLE=""
	cmp -s "$root2/etc/fstab" "$T/fstab.orig" || fail "immutable: fstab changed"
	nothing_left "$MAIN/swapfile" "immutable fstab directory"
fi

# fstab on a read-only mount: refused before anything changes
mount --bind "$root/etc" "$root/etc" && add_mount "$root/etc" &&
	mount -o remount,bind,ro "$root/etc" || fail "read-only bind mount"
expect_rc 3 "$OOMT" swap-setup --size 64M --path "$MAIN/swapfile" --root "$root" -y
expect_out "read-only"
nothing_left "$MAIN/swapfile" "read-only fstab"
expect_rc 0 "$OOMT" swap-setup --size 64M --path "$MAIN/swapfile" --root "$root" -y --no-persist
in_swaps "$MAIN/swapfile" || fail "--no-persist: not active"
expect_rc 0 "$OOMT" swap-setup --remove --path "$MAIN/swapfile" --root "$root" -y
nothing_left "$MAIN/swapfile" "--no-persist on a read-only fstab"
drop_mount "$root/etc"

# not root: exit 4, nothing done (nobody runs a copy of oomtool: tests/lib/run-as.sh)
. "$2/tests/lib/run-as.sh"
if run_as_prepare 65534 "$OOMT"; then
	expect_rc 4 run_as "$RUN_AS_OOMTOOL" swap-setup --size 64M --path "$MAIN/swapfile" \
		--root "$root" -y
	run_as_cleanup
	nothing_left "$MAIN/swapfile" "not root"
fi

# the disk fills between the plan and the allocation: a real ENOSPC, undone. The command
# waits at its prompt on a pseudo-terminal (script(1)) while we fill the filesystem.
enospc() {
	fs=$1
	make_fs "$fs" 1G "fill-$fs"
	mkfifo "$T/in-$fs"
	script -qefc "'$OOMT' swap-setup --size 600M --path '$MNT/swapfile' --root '$root'" /dev/null \
		<"$T/in-$fs" >"$T/out" 2>&1 &
	pid=$!
	exec 3>"$T/in-$fs"
	i=0
	until grep -q "Apply these steps" "$T/out"; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || fail "$fs: no prompt"
		sleep 0.1
	done
	avail=$(df --output=avail -B1 "$MNT" | tail -n 1)
	fallocate -l $((avail - 32 * 1024 * 1024)) "$MNT/filler" || fail "$fs: filler"
	echo y >&3
	wait "$pid"
	rc=$?
	exec 3>&-
	[ "$rc" -eq 3 ] || fail "$fs: ENOSPC run exited $rc"
	# btrfs may account the filler late, so the command can still see the space go before
	# it allocates (a refusal by the space check): fine, as long as nothing is left.
	if ! grep -q "would not leave" "$T/out"; then
		expect_out "No space left on device"
		expect_out "$2"
		expect_out "undone"
	fi
	rm -f "$MNT/filler"
	nothing_left "$MNT/swapfile" "ENOSPC mid-allocation on $fs"
}
if command -v script >/dev/null 2>&1 && command -v fallocate >/dev/null 2>&1; then
	enospc ext4 "step 2 'fallocate' failed"
	# btrfs writes zeros: ENOSPC arrives after part of the file is written
	if command -v mkfs.btrfs >/dev/null 2>&1; then
		enospc btrfs "step 3 'write-zeros' failed"
	fi
fi
exit 0
