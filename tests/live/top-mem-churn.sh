#!/bin/sh
# Live: hundreds of short-lived processes while top-mem takes 100 snapshots: every
# snapshot exits 0 and prints no error (processes vanishing mid-read are skipped silently).
set -u
OOMTOOL=$1
[ "$(id -u)" = 0 ] || { echo "skip: needs root"; exit 77; }
tmp=$(mktemp -d)
churn=
trap '[ -n "$churn" ] && kill "$churn" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
# the spawner stops by itself when $tmp/stop appears or after 120 s
(
	end=$(( $(date +%s) + 120 ))
	while [ ! -e "$tmp/stop" ] && [ "$(date +%s)" -lt "$end" ]; do
		for j in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			sh -c 'x=$$; sleep 0.0$((x % 9))' &
		done
		wait
	done
) &
churn=$!
fail=0 i=0
while [ $i -lt 100 ]; do
	case $((i % 4)) in
	0) args="-c 20" ;; 1) args="-s rss -c 50" ;; 2) args="-s oom -J" ;; 3) args="--by command -c 5" ;;
	esac
	# shellcheck disable=SC2086
	"$OOMTOOL" top-mem $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# the one expected notice: PSS unknown where smaps_rollup is refused (e.g. PID 1 here)
	grep -v 'PSS unknown' "$tmp/err" >"$tmp/err2"
	if [ $rc -ne 0 ] || [ -s "$tmp/err2" ]; then
		echo "FAIL - snapshot $i ($args): rc=$rc"; cat "$tmp/err2"; fail=1
	fi
	i=$((i + 1))
done
touch "$tmp/stop"
[ $fail = 0 ] && echo "ok - 100 snapshots during churn, 0 errors"
exit $fail
