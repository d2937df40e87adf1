#!/bin/sh
# swap-setup options, usage errors and JSON shape; changes nothing on the system.
# Usage: sh swap-setup-usage.sh OOMTOOL SOURCE_DIR BUILD_DIR
OOMT=$1
. "$2/tests/lib/tmp-dir.sh"   # it puts a swap file there
T=$(tmp_dir_for oomtool-swapcli disk "$3") || exit 1
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/root/etc"
printf '# empty\n' >"$T/root/etc/fstab"

fail() {
	echo "FAIL: $*"
	cat "$T/out"
	exit 1
}
expect_rc() {
	want=$1
	shift
	"$@" >"$T/out" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq "$want" ] || fail "exit $rc, not $want: $*"
}

expect_rc 0 "$OOMT" swap-setup --help
grep -q -- "--dry-run" "$T/out" || fail "help lacks --dry-run"
expect_rc 0 "$OOMT" swap-setup -V
expect_rc 2 "$OOMT" swap-setup
expect_rc 2 "$OOMT" swap-setup --size
expect_rc 2 "$OOMT" swap-setup --size 2X
grep -q "invalid size '2X'" "$T/out" || fail "size message"
grep -q "Try 'oomtool swap-setup --help'" "$T/out" || fail "Try line"
expect_rc 2 "$OOMT" swap-setup --size 1G --path relative/file
expect_rc 2 "$OOMT" swap-setup --size 1G --path /tmp/
expect_rc 2 "$OOMT" swap-setup --size 1G --priority 40000
expect_rc 2 "$OOMT" swap-setup --size 1G --swappiness 201
expect_rc 2 "$OOMT" swap-setup --size 1G --swappiness -1
expect_rc 2 "$OOMT" swap-setup --remove --status
expect_rc 2 "$OOMT" swap-setup --remove --size 1G
expect_rc 2 "$OOMT" swap-setup --resize
expect_rc 2 "$OOMT" swap-setup --size 1G -J
expect_rc 2 "$OOMT" swap-setup --size 1G extra
expect_rc 2 "$OOMT" swap-setup --status -o NAME,BOGUS
expect_rc 3 "$OOMT" swap-setup --size 1G --path /no/such/dir/swapfile --dry-run

# dry run: a plan (or a refusal, e.g. /tmp on tmpfs) as valid JSON; nothing created
"$OOMT" swap-setup --size 64M --path "$T/swapfile" --root "$T/root" --dry-run -J \
	>"$T/out" 2>&1 </dev/null
rc=$?
case $rc in 0|3|4) ;; *) fail "dry run exit $rc" ;; esac
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["action"]=="create"; assert d["applied"] is False; assert d["dry_run"] is True; assert d["verdict"] in ("ready","refused")' "$T/out" ||
	fail "dry-run JSON"
[ -e "$T/swapfile" ] && fail "dry run created the file"
cmp -s "$T/root/etc/fstab" - <<EOF2 || fail "dry run touched fstab"
# empty
EOF2

# a prompt needs a terminal: without -y on a pipe, nothing happens
"$OOMT" swap-setup --size 64M --path "$T/swapfile" --root "$T/root" >"$T/out" 2>&1 </dev/null
rc=$?
case $rc in 2|3|4) ;; *) fail "no-tty run exit $rc" ;; esac
[ -e "$T/swapfile" ] && fail "no-tty run created the file"

# status: exit 0 with swap, 1 without; JSON always parses
"$OOMT" swap-setup --status -J --root "$T/root" >"$T/out" 2>&1
rc=$?
case $rc in 0|1) ;; *) fail "status exit $rc" ;; esac
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert isinstance(d["swaps"], list); assert "swappiness" in d and "zswap_enabled" in d and "fstab_inactive" in d' "$T/out" ||
	fail "status JSON"
printf '/gone/swapfile none swap sw 0 0\n' >>"$T/root/etc/fstab"
"$OOMT" swap-setup --status --root "$T/root" >"$T/out" 2>&1
grep -q "fstab: /gone/swapfile (sw) is not active" "$T/out" || fail "inactive fstab entry"
"$OOMT" swap-setup --status -r -n -o NAME,SIZE --root "$T/root" >"$T/out" 2>&1
grep -q "NAME" "$T/out" && fail "--noheadings printed a header"
exit 0
