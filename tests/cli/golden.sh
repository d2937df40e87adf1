#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden cases end to end: for every tests/data/*.log with an .expected.json, run
# `oomtool scan-logs -J FILE` and compare field by field (tests/golden-compare.py, one run
# for all cases). Usage: golden.sh OOMTOOL SOURCE_DIR [BUILD_DIR]. Exit 77 (skip) without
# python3.
oomtool=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "golden: python3 not found"; exit 77; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0
count=0
set --
for log in "$src"/tests/data/*.log; do
	exp=${log%.log}.expected.json
	[ -f "$exp" ] || continue
	count=$((count + 1))
	act=$dir/$count.json
	"$oomtool" scan-logs -J "$log" >"$act" 2>"$dir/err"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAIL $(basename "$log"): scan-logs exited $rc: $(cat "$dir/err")"
		fail=$((fail + 1))
		continue
	fi
	[ -s "$act" ] || echo '{"events":[]}' >"$act"
	set -- "$@" "$exp" "$act"
done
[ $# -gt 0 ] && { python3 "$src/tests/golden-compare.py" "$@" || fail=$((fail + 1)); }
echo "golden: $count cases, $fail failed"
[ $fail -eq 0 ] && [ $count -gt 0 ]
