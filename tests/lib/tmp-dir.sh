# Sourced by the tests whose temporary directory must do more than hold files: run the
# programs they install or compile there, or hold a swap file. $TMPDIR may be mounted noexec
# (a hardened /tmp) or be a tmpfs; then a directory in the build tree, where the programs
# were built, serves instead.

# tmp_dir_for NAME exec|disk BUILD_DIR: a new directory (its path on stdout) under $TMPDIR
# (else /tmp) that can run programs (exec) or is not in memory (disk: not tmpfs or ramfs),
# else under BUILD_DIR/test-tmp. The caller removes it.
tmp_dir_for() {
	_tmp_d=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || return 1
	if tmp_dir_can "$2" "$_tmp_d"; then
		printf '%s\n' "$_tmp_d"
		return 0
	fi
	rmdir "$_tmp_d"
	mkdir -p "$3/test-tmp" && mktemp -d "$3/test-tmp/$1.XXXXXX"
}

tmp_dir_can() {
	case $1 in
	exec)
		printf '#!/bin/sh\n' >"$2/.probe" && chmod 700 "$2/.probe" && "$2/.probe" 2>/dev/null
		_tmp_r=$?
		rm -f "$2/.probe"
		return $_tmp_r
		;;
	disk)
		_tmp_fs=$(stat -f -c %T "$2") && [ "$_tmp_fs" != tmpfs ] && [ "$_tmp_fs" != ramfs ]
		;;
	esac
}
