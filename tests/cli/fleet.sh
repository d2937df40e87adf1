#!/bin/sh
# The fleet with existing tools, as oomtool-fleet(7) shows it, run with the real programs:
#   - `scan-logs -f -J` as JSON Lines for a log shipper: one object a line, each a whole
#     incident (a journal directory made by systemd-journal-remote, followed from --since);
#   - an Ansible ad-hoc command over the local connection (`ansible -i localhost, -c local`);
#   - ansible/oomtool-oom-kills.yml against localhost, and against two inventory names of this
#     machine each with its own logs (a sysroot each), merged into one table by time.
# Skips a part (loudly) when its program is missing; exits 77 when ansible-core is missing.
# Usage: fleet.sh OOMTOOL SOURCE_DIR [BUILD_DIR]
set -u
OOMTOOL=$1 SRC=$2
case $OOMTOOL in /*) ;; *) OOMTOOL=$(pwd)/$OOMTOOL ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-fleet.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }

# ---- JSON Lines for a log shipper
REMOTE=
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
	[ -x "$p" ] && REMOTE=$p
done
if [ -n "$REMOTE" ] && command -v python3 >/dev/null 2>&1; then
	mkdir "$TMP/journal"
	"$REMOTE" -o "$TMP/journal/system.journal" "$SRC/tests/data/sources/oom.export" 2>/dev/null
	timeout 3 "$OOMTOOL" scan-logs -f -J -D "$TMP/journal" --since 2020-01-01 >"$TMP/lines" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 124 ] && python3 - "$TMP/lines" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
events = [json.loads(l) for l in lines]
assert len(events) >= 2, len(events)
assert all(set(("id", "time", "host", "killer", "victim")) <= e.keys() for e in events)
assert {e["killer"] for e in events} >= {"kernel", "earlyoom"}, events
EOF
	then
		ok "scan-logs -f -J: one JSON object a line, each an incident ($(wc -l <"$TMP/lines") lines, still following)"
	else
		bad "scan-logs -f -J (exit $rc)"; sed 's/^/  | /' "$TMP/lines" "$TMP/err" | head
	fi
else
	echo "SKIP: no systemd-journal-remote or python3: the JSON Lines part is not run" >&2
	echo "# SKIP scan-logs -f -J"
fi

command -v ansible >/dev/null 2>&1 && command -v ansible-playbook >/dev/null 2>&1 || {
	echo "SKIP: ansible-core is not installed" >&2
	exit 77
}
# Ansible's own files in the test's directory; no configuration from the user
touch "$TMP/ansible.cfg"
export ANSIBLE_CONFIG="$TMP/ansible.cfg" ANSIBLE_LOCAL_TEMP="$TMP/ansible-local" \
	ANSIBLE_REMOTE_TEMP="$TMP/ansible-remote" ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
	ANSIBLE_PYTHON_INTERPRETER=auto_silent ANSIBLE_DEPRECATION_WARNINGS=0 HOME="$TMP"

# two machines' logs: web1 killed python3 (8895) at 10:00, web2 killed it (9901) at 11:00
R1=$TMP/web1 R2=$TMP/web2
mkdir -p "$R1/var/log" "$R2/var/log"
cp "$SRC/tests/data/cli/scan-logs-kern.log" "$R1/var/log/kern.log"
sed 's/^Nov 20 10:/Nov 20 11:/; s/ web1 / web2 /; s/8895/9901/g' \
	"$SRC/tests/data/cli/scan-logs-kern.log" >"$R2/var/log/kern.log"
touch -d @1795172400 "$R1/var/log/kern.log" "$R2/var/log/kern.log"

# ---- ad-hoc
ansible -i localhost, -c local localhost -m ansible.builtin.command \
	-a "'$OOMTOOL' scan-logs -J --since 2026-11-01 --sysroot '$R1'" >"$TMP/adhoc" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^localhost | CHANGED | rc=0 >>' "$TMP/adhoc" &&
	grep -q '"pid": 8895,' "$TMP/adhoc"; then
	ok "ansible -i localhost, -c local -m command -a 'oomtool scan-logs -J --since ...'"
else
	bad "ad-hoc command (exit $rc)"; sed 's/^/  | /' "$TMP/adhoc" | head -20
fi

# ---- the playbook against localhost
PLAYBOOK=$SRC/ansible/oomtool-oom-kills.yml
# extra variables as JSON: -e KEY=VALUE splits a value at its spaces (a $TMPDIR with one)
vars_json() { python3 -c 'import json, sys; print(json.dumps(dict(a.split("=", 1) for a in sys.argv[1:])))' "$@"; }
ansible-playbook -i localhost, -c local "$PLAYBOOK" \
	-e "$(vars_json oomtool="$OOMTOOL" since=2026-11-01 oomtool_sysroot="$R1" report="$TMP/one.tsv")" \
	-e oomtool_become=false >"$TMP/play1" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ "$(sed -n 2p "$TMP/one.tsv" | cut -f 2,4,6,7)" = "$(printf 'localhost\tkernel\tpython3\t8895')" ]; then
	ok "the playbook against localhost: the kill in the table"
else
	bad "playbook on localhost (exit $rc)"; sed 's/^/  | /' "$TMP/play1" "$TMP/one.tsv" 2>/dev/null | tail -20
fi

# ---- two inventory names, each with its own logs: one table, by time
printf "web2 ansible_connection=local oomtool_sysroot='%s'\nweb1 ansible_connection=local oomtool_sysroot='%s'\n" \
	"$R2" "$R1" >"$TMP/inventory"
ansible-playbook -i "$TMP/inventory" "$PLAYBOOK" \
	-e "$(vars_json oomtool="$OOMTOOL" since=2026-11-01 report="$TMP/all.tsv")" \
	-e oomtool_become=false >"$TMP/play2" 2>&1
rc=$?
printf 'TIME\tINVENTORY\tHOST\tKILLER\tSCOPE\tVICTIM\tPID\tRSS_BYTES\tCGROUP\n' >"$TMP/want"
printf '2026-11-20T10:00:00.000000Z\tweb1\tweb1\tkernel\tmemcg\tpython3\t8895\t73375744\t/oomprobe-single\n' >>"$TMP/want"
printf '2026-11-20T11:00:00.000000Z\tweb2\tweb2\tkernel\tmemcg\tpython3\t9901\t73375744\t/oomprobe-single\n' >>"$TMP/want"
if [ "$rc" -eq 0 ] && cmp -s "$TMP/want" "$TMP/all.tsv"; then
	ok "two hosts merged into one table, by time"
else
	bad "merged table (exit $rc)"; diff "$TMP/want" "$TMP/all.tsv" | sed 's/^/  | /'
	sed 's/^/  | /' "$TMP/play2" | tail -20
fi
grep -q '"2026-11-20T11:00:00.000000Z  web2  web2  kernel  memcg  python3  9901' "$TMP/play2" &&
	ok "and shown by the play" || bad "the play does not show the table"
sed 's/\\-/-/g' "$SRC/docs/oomtool-fleet.7" | grep -q 'ansible/oomtool-oom-kills.yml' &&
	ok "oomtool-fleet(7) shows this playbook" || bad "oomtool-fleet(7) does not name the playbook"
[ $fail -eq 0 ] && echo "the fleet story works with the real programs"
exit $fail
