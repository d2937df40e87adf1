#!/bin/sh
# SPDX-License-Identifier: MIT
# Golden cases end to end: every tests/data/*.log and tests/data/formats/FORMAT--CASE.log
# that has an .expected.json is read by `oomtool scan-logs -J --kind all` (every kind of
# incident, as the library path) and compared field by field
# by tests/golden-compare.py (one run for all cases), the comparator the library path
# (unit/test-parser-golden) uses too; a formats/ case must also be detected as FORMAT.
# Times are read in UTC and year-less stamps (RFC 3164, dmesg -e) in 2024, as in the unit
# test: scan-logs takes their year from the file's mtime, so each log is read from a copy
# dated the end of 2024. Usage: golden.sh OOMTOOL SOURCE_DIR [BUILD_DIR]. Exit 77 (skip)
# without python3.
oomtool=$1
src=$2
command -v python3 >/dev/null 2>&1 || { echo "golden: python3 not found"; exit 77; }
export TZ=UTC
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0
count=0
set --
for log in "$src"/tests/data/*.log "$src"/tests/data/formats/*--*.log; do
	exp=${log%.log}.expected.json
	[ -f "$exp" ] || continue
	count=$((count + 1))
	name=$(basename "$log")
	copy=$dir/$count-$name
	act=$dir/$count.json
	cp "$log" "$copy" && touch -t 202412311200 "$copy" || exit 1
	"$oomtool" scan-logs -J --kind all "$copy" >"$act" 2>"$dir/err"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "FAIL $name: scan-logs exited $rc: $(cat "$dir/err")"
		fail=$((fail + 1))
		continue
	fi
	[ -s "$act" ] || echo '{"events":[]}' >"$act"
	case $log in
	*/formats/*)
		fmt=${name%%--*}
		if ! grep -q "\"format\": \"$fmt\"" "$act"; then
			echo "FAIL $name: format $fmt not detected: $(grep '"format"' "$act")"
			fail=$((fail + 1))
		fi
	esac
	set -- "$@" "$exp" "$act"
done
[ $# -gt 0 ] && { python3 "$src/tests/golden-compare.py" "$@" || fail=$((fail + 1)); }
echo "golden: $count cases, $fail failed"
[ $fail -eq 0 ] && [ $count -gt 0 ]
