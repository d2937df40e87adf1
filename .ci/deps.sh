#!/bin/sh
# Install what oomtool needs to build and test on Debian 12 (bookworm).
# Called by README's quick start and by .ci/run; safe to run again.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
build="build-essential cmake pkg-config libproc2-dev libncurses-dev libsmartcols-dev \
libsystemd-dev zlib1g-dev"
tests="libcmocka-dev python3 systemd-journal-remote tmux clang libclang-rt-dev \
xfsprogs btrfs-progs e2fsprogs util-linux procps gzip bash-completion"
bench="ripgrep smem bc time"
if ! dpkg-query -W $build $tests $bench >/dev/null 2>&1; then
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		$build $tests $bench
fi
