#!/bin/sh
# `oomtool scan-logs /dev/kmsg` (the device given as FILE) ends at the end of the ring
# buffer instead of waiting forever for the next record, as a plain read() would.
set -u
OOMTOOL=$1
[ -c /dev/kmsg ] || { echo "skip: no /dev/kmsg"; exit 77; }
[ "$(id -u)" -eq 0 ] || [ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 0 ] ||
	{ echo "skip: /dev/kmsg not readable (dmesg_restrict)"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "skip: needs timeout"; exit 77; }
fail=0
for args in "" "-J" "-v"; do
	# shellcheck disable=SC2086
	timeout 30 "$OOMTOOL" scan-logs $args /dev/kmsg >/dev/null 2>&1
	rc=$?
	case $rc in
	0|1) echo "ok - scan-logs $args /dev/kmsg ends (exit $rc)" ;;
	124) echo "FAIL - scan-logs $args /dev/kmsg still reading after 30 s"; fail=1 ;;
	*) echo "FAIL - scan-logs $args /dev/kmsg: exit $rc"; fail=1 ;;
	esac
done
timeout 30 "$OOMTOOL" explain-kill /dev/kmsg >/dev/null 2>&1
rc=$?
[ $rc -le 1 ] && echo "ok - explain-kill /dev/kmsg ends (exit $rc)" ||
	{ echo "FAIL - explain-kill /dev/kmsg: exit $rc"; fail=1; }
exit $fail
