#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden cases end to end: for every tests/data/*.log with an .expected.json, run
# `oomtool scan-logs -J FILE` and compare field by field (tests/golden-compare.py).
# Usage: golden.sh OOMTOOL SOURCE_DIR [BUILD_DIR]. Exit 77 (skip) without python3 or
# while scan-logs cannot read files yet.
oomtool=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "golden: python3 not found"; exit 77; }
probe=$(mktemp) || exit 1
trap 'rm -f "$probe"' EXIT
"$oomtool" scan-logs -J "$src/tests/data/076-k618-single-dmesg.log" >"$probe" 2>/dev/null
case $? in
0|1) ;;
*) echo "golden: scan-logs cannot read a log file yet"; exit 77 ;;
esac
fail=0
count=0
for log in "$src"/tests/data/*.log; do
	exp=${log%.log}.expected.json
	[ -f "$exp" ] || continue
	count=$((count + 1))
	"$oomtool" scan-logs -J "$log" >"$probe" 2>/dev/null
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAIL $(basename "$log"): scan-logs exited $rc"
		fail=$((fail + 1))
		continue
	fi
	[ -s "$probe" ] || echo '{"events":[]}' >"$probe"
	python3 "$src/tests/golden-compare.py" "$exp" "$probe" || fail=$((fail + 1))
done
echo "golden: $count cases, $fail failed"
[ $fail -eq 0 ]
