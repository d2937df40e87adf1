#!/bin/sh
# Install what oomtool needs to build, test and package on Debian 12 (bookworm).
# Called by README's quick start and by .ci/run; safe to run again, and quick (one dpkg-query,
# no apt) when everything is already installed.
set -eu
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
build="build-essential cmake pkg-config libproc2-dev libncurses-dev libsmartcols-dev \
libsystemd-dev zlib1g-dev libisal-dev"
tests="libcmocka-dev python3 systemd-journal-remote tmux clang libclang-rt-dev \
xfsprogs btrfs-progs e2fsprogs util-linux procps gzip bash-completion"
# the .deb: dpkg-shlibdeps (Depends), dpkg-deb, and file(1), which CPack runs on every file
package="dpkg-dev file"
# metrics and fleet work: node_exporter's textfile collector, promtool to check the
# exposition format, ansible-core for the playbook
integration="prometheus-node-exporter prometheus ansible-core"
bench="ripgrep isal smem bc time"
all="$build $tests $package $integration $bench"

installed=$(dpkg-query -W -f='${Package} ${Status}\n' $all 2>/dev/null |
	awk '$NF == "installed" { print $1 }')
missing=
for p in $all; do
	case " $(echo $installed) " in *" $p "*) ;; *) missing="$missing $p" ;; esac
done
[ -n "$missing" ] || exit 0
echo "installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
