/* SPDX-License-Identifier: MIT */
/* Which filesystems can hold a swap file, by statfs(2) f_type (linux/magic.h values). */
#include <stddef.h>
#include "swap/swap-internal.h"

static const char no_swap_activate[] =
	"the kernel cannot swap to a file on it (no block map for swapon)";

static const struct oomt_swap_fs_info fs_table[] = {
	{ 0xEF53, "ext4", OOMT_SWAP_FS_YES, NULL },   /* ext2, ext3 and ext4 share it */
	{ 0x58465342, "xfs", OOMT_SWAP_FS_YES, NULL },
	{ 0x9123683E, "btrfs", OOMT_SWAP_FS_NOCOW, NULL },
	{ 0x01021994, "tmpfs", OOMT_SWAP_FS_NO,
	  "tmpfs lives in RAM and swap itself: a swap file there gives no memory back" },
	{ 0x858458F6, "ramfs", OOMT_SWAP_FS_NO,
	  "ramfs lives in RAM: a swap file there gives no memory back" },
	{ 0x6969, "nfs", OOMT_SWAP_FS_NO,
	  "swapping over the network needs memory to send pages out and deadlocks under "
	  "pressure" },
	{ 0xFF534D42, "cifs", OOMT_SWAP_FS_NO,
	  "swapping over the network needs memory to send pages out and deadlocks under "
	  "pressure" },
	{ 0xFE534D42, "smb2", OOMT_SWAP_FS_NO,
	  "swapping over the network needs memory to send pages out and deadlocks under "
	  "pressure" },
	{ 0x00C36400, "ceph", OOMT_SWAP_FS_NO,
	  "swapping over the network needs memory to send pages out and deadlocks under "
	  "pressure" },
	{ 0x01021997, "9p", OOMT_SWAP_FS_NO, no_swap_activate },
	{ 0x794C7630, "overlay", OOMT_SWAP_FS_NO,
	  "overlayfs does not support swap files; put the file on the filesystem below it" },
	{ 0x65735546, "fuse", OOMT_SWAP_FS_NO,
	  "a FUSE daemon would have to run to swap out its own memory: the kernel refuses it" },
	{ 0x73717368, "squashfs", OOMT_SWAP_FS_NO, "squashfs is read-only" },
	{ 0x9FA0, "proc", OOMT_SWAP_FS_NO, no_swap_activate },
	{ 0x62656572, "sysfs", OOMT_SWAP_FS_NO, no_swap_activate },
	{ 0x2FC12FC1, "zfs", OOMT_SWAP_FS_NO,
	  "ZFS has no swap file support, and swap on a zvol can deadlock under memory "
	  "pressure; use a partition or zram" },
	{ 0xF15F, "ecryptfs", OOMT_SWAP_FS_NO, no_swap_activate },
	{ 0x4D44, "vfat", OOMT_SWAP_FS_NO,
	  "vfat has no permissions to keep swapped memory private" },
};

const struct oomt_swap_fs_info *oomt_swap_fs_lookup(uint64_t magic)
{
	for (size_t i = 0; i < sizeof(fs_table) / sizeof(fs_table[0]); i++)
		if (fs_table[i].magic == magic)
			return &fs_table[i];
	return NULL;
}
