#!/bin/sh
# SPDX-License-Identifier: MIT
# Text formats end to end, kept apart from tests/data/*.log (whose cases the parser's own
# golden test also reads through its test-only stripper): for every
# tests/data/formats/FORMAT--CASE.log, `oomtool scan-logs -J` must detect FORMAT and give
# the events of FORMAT--CASE.expected.json (tests/golden-compare.py).
# Usage: log-formats.sh OOMTOOL SOURCE_DIR [BUILD_DIR]. Exit 77 (skip) without python3.
oomtool=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "log-formats: python3 not found"; exit 77; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0
count=0
for log in "$src"/tests/data/formats/*--*.log; do
	exp=${log%.log}.expected.json
	name=$(basename "$log")
	fmt=${name%%--*}
	count=$((count + 1))
	"$oomtool" scan-logs -J "$log" >"$dir/act.json" 2>"$dir/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: scan-logs exited $rc: $(cat "$dir/err")"
		fail=$((fail + 1))
		continue
	fi
	if ! grep -q "\"format\": \"$fmt\"" "$dir/act.json"; then
		echo "FAIL $name: format $fmt not detected: $(grep '"format"' "$dir/act.json")"
		fail=$((fail + 1))
	fi
	python3 "$src/tests/golden-compare.py" "$exp" "$dir/act.json" || fail=$((fail + 1))
done
echo "log-formats: $count cases, $fail failed"
[ $fail -eq 0 ] && [ $count -gt 0 ]
