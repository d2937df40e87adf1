/* SPDX-License-Identifier: MIT */
#ifndef OOMTOOL_UTIL_STRUCT_SIZE_H
#define OOMTOOL_UTIL_STRUCT_SIZE_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Structs a caller allocates and has the library fill begin with `uint32_t struct_size`, set
 * by the caller to sizeof as it was compiled. The library accepts any size from the first
 * version's up, and writes only the members that fit: a program built against an older
 * header keeps working when members are appended.
 */

/* The size of a struct's first version: up to and including its last member then. */
#define OOMT_SIZE_THROUGH(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/* 0 when the caller's struct at p is at least min_size bytes, else -EINVAL. */
static inline int oomt_struct_size_check(const void *p, size_t min_size)
{
	uint32_t size;

	if (!p)
		return -EINVAL;
	memcpy(&size, p, sizeof(size));
	return size >= min_size ? 0 : -EINVAL;
}

/* The caller's struct src as this library knows it, into the library's dst (dst_size bytes):
 * the members src's struct_size covers, the ones appended since zero (what a program built
 * before them meant), dst's struct_size dst_size. Call after oomt_struct_size_check. */
static inline void oomt_struct_copy_in(void *dst, size_t dst_size, const void *src)
{
	uint32_t size, full = (uint32_t)dst_size;

	memcpy(&size, src, sizeof(size));
	memset(dst, 0, dst_size);
	memcpy(dst, src, size < dst_size ? size : dst_size);
	memcpy(dst, &full, sizeof(full));
}

/* Copy the library's full struct src (src_size bytes) into the caller's dst, the members
 * that fit its struct_size; dst's struct_size stays. Call after oomt_struct_size_check. */
static inline void oomt_struct_copy_out(void *dst, const void *src, size_t src_size)
{
	uint32_t size;
	size_t n;

	memcpy(&size, dst, sizeof(size));
	n = size < src_size ? size : src_size;
	if (n > sizeof(uint32_t))
		memcpy((char *)dst + sizeof(uint32_t), (const char *)src + sizeof(uint32_t),
		       n - sizeof(uint32_t));
}

#endif
