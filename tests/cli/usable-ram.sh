#!/bin/sh
# The usable RAM of a global OOM comes from one place (oomt_event_usable_ram) for the
# model, the findings, explain-kill's headline and scan-logs -v: the zones' managed sizes
# when every zone line is in the log (120: 15908 + 2014556 kB; 001 is the same log with its
# DMA32 zone line wrapped by the paste, which the source joins back), else "pages RAM" minus
# "pages reserved" (002, a 2.6.32 kernel that prints no managed sizes: (2097151 - 81869)
# pages).
# Usage: usable-ram.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
SRC=$2
export LC_ALL=C NO_COLOR=1
fail=0

check() {   # check LOG RAM_BYTES HUMAN
	log=$SRC/tests/data/$1
	v=$("$OOMTOOL" scan-logs -v -b "$log" | sed -n 's/^ *memory: usable RAM \([0-9]*\),.*/\1/p')
	[ "$v" = "$2" ] || { echo "FAIL $1: scan-logs -v RAM '$v', expected $2"; fail=1; }
	e=$("$OOMTOOL" explain-kill -J "$log" | python3 -c '
import json, sys
ev = json.load(sys.stdin)["events"][0]
print([f["evidence"]["ram_bytes"] for f in ev["findings"] if f["code"] == "global_oom"][0])')
	[ "$e" = "$2" ] || { echo "FAIL $1: global_oom ram_bytes '$e', expected $2"; fail=1; }
	"$OOMTOOL" explain-kill "$log" | head -2 | grep -q "ran out of memory (usable RAM $3 of " ||
		{ echo "FAIL $1: headline: $("$OOMTOOL" explain-kill "$log" | sed -n 2p)"; fail=1; }
	[ $fail -eq 0 ] && echo "ok $1: RAM $2 ($3) everywhere"
}

check 120-debian-clamd-global-unwrapped.log 2079195136 1.9G
check 001-debian-clamd-global-ufw.log 2079195136 1.9G
check 002-rhel6-java-vim-global.log 8254595072 7.7G
exit $fail
