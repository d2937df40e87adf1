#!/bin/sh
# oomtool limits set on fixture sysroots, with fake systemctl and docker first in PATH: they
# record their arguments and, as the real managers do, write the cgroup file (or, to test
# the undo, leave it or fail). The plan and its words, the manager chosen for each kind of
# target, the order of memory and swap limits, the old values put back after a failure,
# every refusal leaving the files as they were, and the usage errors.
# Usage: limits-set.sh OOMTOOL SOURCE_DIR
set -u
OOMTOOL=$1 SRC=$2
. "$SRC/tests/lib/limits-fixture.sh"
. "$SRC/tests/lib/run-as.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-limits-set.XXXXXX") || exit 1
trap 'run_as_cleanup; rm -rf "$TMP"' EXIT INT TERM
fail=0
M=$LF_MiB
G=$((1024 * M))

check() { # name expected actual
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "FAIL - $1"; echo " expected: $2"; echo " actual:   $3"; fail=1; fi
}
has() { # name file text
	if grep -q -F -e "$3" "$2"; then echo "ok - $1"; else echo "FAIL - $1: no '$3' in:"; sed 's/^/  /' "$2"; fail=1; fi
}

# ---- the fake managers ----
BIN=$TMP/bin
mkdir -p "$BIN"
cat >"$BIN/systemctl" <<'EOF'
#!/bin/sh
# fake systemctl: records its arguments; set-property writes the cgroup files of $FAKE_CG
echo "$*" >>"$FAKE_LOG"
[ "$1" = --version ] && { echo "systemd ${FAKE_SYSTEMD_VERSION:-252} (252.1-1)"; exit 0; }
unit=$(for a; do case $a in *.service | *.scope | *.slice) echo "$a" ;; esac; done)
[ "${FAKE_MODE:-}" = fail ] && { echo "Failed to set unit properties on $unit: Access denied" >&2; exit 1; }
[ "${FAKE_MODE:-}" = ignore ] && exit 0
for a; do
	v=${a#*=}
	[ "$v" = infinity ] && v=max
	case $a in
	MemoryMax=* | MemoryLimit=*)
		if [ -f "$FAKE_CG/memory.max" ]; then echo "$v" >"$FAKE_CG/memory.max"
		else [ "$v" = max ] && v=-1; echo "$v" >"$FAKE_CG/memory.limit_in_bytes"; fi ;;
	MemoryHigh=*) echo "$v" >"$FAKE_CG/memory.high" ;;
	MemorySwapMax=*) echo "$v" >"$FAKE_CG/memory.swap.max" ;;
	esac
done
exit 0
EOF
cat >"$BIN/docker" <<'EOF'
#!/bin/sh
# fake docker: records its arguments; update writes the cgroup files of $FAKE_CG
echo "$*" >>"$FAKE_LOG"
[ "${FAKE_MODE:-}" = fail ] && { echo "Error response from daemon: Cannot connect" >&2; exit 1; }
[ "$1" = update ] || exit 2
shift
mem= swap=
while [ $# -gt 1 ]; do
	case $1 in
	--memory) mem=$2; shift 2 ;;
	--memory-swap) swap=$2; shift 2 ;;
	*) shift ;;
	esac
done
[ -n "$mem" ] && echo "$mem" >"$FAKE_CG/memory.max"
if [ "$swap" = -1 ]; then echo max >"$FAKE_CG/memory.swap.max"
elif [ -n "$swap" ]; then echo $((swap - mem)) >"$FAKE_CG/memory.swap.max"; fi
exit 0
EOF
chmod 755 "$BIN/systemctl" "$BIN/docker"
FAKE_LOG=$TMP/log
export FAKE_LOG FAKE_CG FAKE_MODE FAKE_SYSTEMD_VERSION
FAKE_CG= FAKE_MODE= FAKE_SYSTEMD_VERSION=
"$BIN/systemctl" --version >/dev/null 2>&1 ||
	{ echo "skip: cannot run scripts from $BIN (noexec?)" >&2; exit 77; }

fresh() { # a new fixture tree: v2 (systemd running) and v1
	rm -rf "$TMP/v2" "$TMP/v1" "$FAKE_LOG"
	: >"$FAKE_LOG"
	limits_fixture_v2_systemd "$TMP/v2"
	mkdir -p "$TMP/v2/run/systemd/system"
	limits_fixture_v1 "$TMP/v1"
	FAKE_MODE= FAKE_SYSTEMD_VERSION=
}
A=$TMP/v2 C=$TMP/v1
NGINX=$A/sys/fs/cgroup/system.slice/nginx.service
# a plan shows a command as a shell takes it: a word with other characters single-quoted
shq() {
	case $1 in
	*[!A-Za-z0-9_@%+=:,./-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}
set_() { root=$1; shift; PATH=$BIN:$PATH "$OOMTOOL" limits set --sysroot "$root" "$@" >"$TMP/out" 2>"$TMP/err"; }

# ---- systemd ----
fresh
FAKE_CG=$NGINX
set_ "$A" nginx.service 1G --dry-run
check "systemd dry run: exit 0, nothing run" "0 " "$? $(cat "$FAKE_LOG")"
has "the plan names the unit, its cgroup and the manager" "$TMP/out" \
	"Plan: limit nginx.service (unit /system.slice/nginx.service, cgroup v2) with systemd, until reboot"
has "the plan shows the command with the path it found" "$TMP/out" \
	"1. run     $(shq "$BIN/systemctl") set-property --runtime nginx.service MemoryMax=1073741824"
has "the plan shows the change" "$TMP/out" "usage now 300M; max 512M -> 1.0G"
has "then reads the file back" "$TMP/out" "2. verify  memory.max reads 1073741824"
has "the dry run says so" "$TMP/out" "Dry run: nothing was changed."
set_ "$A" nginx 1G -y
check "'nginx' is a unit and a pod's container: refused" "3" "$?"
has "naming both" "$TMP/err" "'nginx' names 2 cgroups"
set_ "$A" cron 100M --dry-run
has "a unit without .service" "$TMP/out" "set-property --runtime cron.service MemoryMax=104857600"
: >"$FAKE_LOG"
set_ "$A" nginx.service 1G -y
check "systemd -y: the command run, the limit set" \
	"0|set-property --runtime nginx.service MemoryMax=1073741824|1073741824" \
	"$?|$(cat "$FAKE_LOG")|$(cat "$NGINX/memory.max")"
has "the run says each step was done" "$TMP/out" "[done]"
has "and that the limit is set" "$TMP/out" "Limit set."
: >"$FAKE_LOG"
set_ "$A" nginx.service 2G --high 1800M --persistent -y
check "--persistent, --high: no --runtime, both properties" \
	"0|set-property nginx.service MemoryMax=2147483648 MemoryHigh=1887436800" \
	"$?|$(cat "$FAKE_LOG")"

# systemd accepts but does not apply: the read-back fails, the old value is set again
fresh
FAKE_CG=$NGINX FAKE_MODE=ignore
set_ "$A" nginx.service 1G -y
check "verify fails: exit 3, the undo runs the old value" \
	"3|set-property --runtime nginx.service MemoryMax=1073741824|set-property --runtime nginx.service MemoryMax=536870912|536870912" \
	"$?|$(tr '\n' '|' <"$FAKE_LOG")$(cat "$NGINX/memory.max")"
has "the failed step, in words" "$TMP/err" "step 2 'verify' failed: $NGINX/memory.max reads 536870912, not 1073741824"
has "and that the old values are back" "$TMP/err" "the old values were put back"
fresh
FAKE_CG=$NGINX FAKE_MODE=fail
set_ "$A" nginx.service 1G -y
check "systemctl fails: exit 3, file unchanged" "3 536870912" "$? $(cat "$NGINX/memory.max")"
has "its message is shown" "$TMP/err" "systemctl exited with status 1: Failed to set unit properties on nginx.service: Access denied"

# v1: MemoryLimit= before systemd 240
fresh
mkdir -p "$C/run/systemd/system"
FAKE_CG=$C/sys/fs/cgroup/memory/system.slice/nginx.service FAKE_SYSTEMD_VERSION=239
set_ "$C" nginx.service 800M -y
check "v1, systemd 239: MemoryLimit=" "0|--version|set-property --runtime nginx.service MemoryLimit=838860800|838860800" \
	"$?|$(tr '\n' '|' <"$FAKE_LOG")$(cat "$FAKE_CG/memory.limit_in_bytes")"
: >"$FAKE_LOG"
FAKE_SYSTEMD_VERSION=252
set_ "$C" nginx.service 700M -y
check "v1, systemd 252: MemoryMax=" "set-property --runtime nginx.service MemoryMax=734003200" \
	"$(grep set-property "$FAKE_LOG")"
set_ "$C" nginx.service 700M --swap 100M -y
check "v1, systemd: no swap limit there: refused (exit 3)" "3" "$?"
has "with what to do instead" "$TMP/err" "give the cgroup path to write memory.memsw.limit_in_bytes directly"

# no systemd running, a user's manager, a path: the file itself
fresh
rmdir "$A/run/systemd/system"
set_ "$A" nginx.service 1G -y
check "systemd not running: the file, no command" "0 1073741824 " "$? $(cat "$NGINX/memory.max") $(cat "$FAKE_LOG")"
has "a warning why" "$TMP/out" "warning: systemd does not manage this machine (no /run/systemd/system)"
has "and that it does not last" "$TMP/out" "reboot loses it"
fresh
set_ "$A" /system.slice/nginx.service 1G -y
check "a path: the file, even with systemd" "0 1073741824 " "$? $(cat "$NGINX/memory.max") $(cat "$FAKE_LOG")"
set_ "$A" editor.service 200M -y
check "a user manager's unit: the file" "0 $((200 * M))" \
	"$? $(cat "$A/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/editor.service/memory.max")"
has "with a warning" "$TMP/out" "systemctl --user set-property would keep it"

# ---- docker ----
fresh
WEB=$A/sys/fs/cgroup/system.slice/docker-$LF_ID1.scope
FAKE_CG=$WEB
set_ "$A" web 2G -y
check "docker: update by full id, the swap allowance kept (1G)" \
	"0|update --memory 2147483648 --memory-swap 3221225472 $LF_ID1|2147483648|1073741824" \
	"$?|$(cat "$FAKE_LOG")|$(cat "$WEB/memory.max")|$(cat "$WEB/memory.swap.max")"
: >"$FAKE_LOG"
set_ "$A" "$(echo "$LF_ID1" | cut -c1-12)" 1G --swap max -y
check "docker by id, --swap max: --memory-swap -1" "0|update --memory 1073741824 --memory-swap -1 $LF_ID1|max" \
	"$?|$(cat "$FAKE_LOG")|$(cat "$WEB/memory.swap.max")"
set_ "$A" web 1G --high 900M -y
check "docker has no memory.high: refused" "3" "$?"
fresh
FAKE_CG=$WEB FAKE_MODE=fail
set_ "$A" web 2G -y
check "docker fails: exit 3, unchanged" "3 1073741824" "$? $(cat "$WEB/memory.max")"
has "its message" "$TMP/err" "docker exited with status 1: Error response from daemon: Cannot connect"
fresh
PATH=/usr/bin:/bin "$OOMTOOL" limits set --sysroot "$A" web 2G -y >"$TMP/out" 2>"$TMP/err"
check "no docker in PATH: the file, with a warning" "0 2147483648 " "$? $(cat "$WEB/memory.max") $(cat "$FAKE_LOG")"
has "the warning" "$TMP/out" "docker is not in the search path"
# a pod's container: always the file, and what keeps it
set_ "$A" default/web-0/nginx 600M -y
check "a pod's container (namespace/pod/container): the file" "0 $((600 * M))" \
	"$? $(cat "$A/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$(echo "$LF_UID1" | tr - _).slice/cri-containerd-$LF_ID7.scope/memory.max")"
has "with the kubelet's warning" "$TMP/out" "change resources.limits.memory to keep it"

# ---- a system container and a Slurm job: the file, and who sets it back ----
rm -rf "$TMP/hosts"
limits_fixture_v2_hosts "$TMP/hosts"
: >"$FAKE_LOG"
set_ "$TMP/hosts" lxc/build-agent 512M -y
check "an LXD container by name: the file, no systemctl" "0 $((512 * M)) " \
	"$? $(cat "$TMP/hosts/sys/fs/cgroup/lxc.payload.build-agent/memory.max") $(cat "$FAKE_LOG")"
has "with what keeps it" "$TMP/out" "lxc config set NAME limits.memory="
set_ "$TMP/hosts" slurm/901122 6G -y
check "a Slurm job under slurmstepd.scope: the file, not systemctl on the scope" "0 $((6 * G)) " \
	"$? $(cat "$TMP/hosts/sys/fs/cgroup/system.slice/slurmstepd.scope/job_901122/memory.max") $(cat "$FAKE_LOG")"
has "with Slurm's words" "$TMP/out" "the next job gets what it asks Slurm for (sbatch --mem)"

# ---- v1 files: memory and memsw in the valid order ----
fresh
V1N=$C/sys/fs/cgroup/memory/system.slice/nginx.service
set_ "$C" /system.slice/nginx.service 2G -y
check "v1 raise above memsw: memsw first, the swap allowance kept" \
	"0 $((2 * G)) $((2 * G + 512 * M))" \
	"$? $(cat "$V1N/memory.limit_in_bytes") $(cat "$V1N/memory.memsw.limit_in_bytes")"
has "step 1 is memsw" "$TMP/out" "1. write   memory.memsw.limit_in_bytes: 1073741824 -> 2684354560"
has "step 2 is memory" "$TMP/out" "2. write   memory.limit_in_bytes: 536870912 -> 2147483648"
set_ "$C" /system.slice/nginx.service 400M --swap 100M -y
check "v1 lower with --swap: memory first" "0 $((400 * M)) $((500 * M))" \
	"$? $(cat "$V1N/memory.limit_in_bytes") $(cat "$V1N/memory.memsw.limit_in_bytes")"
has "memory first" "$TMP/out" "1. write   memory.limit_in_bytes"
# the second write fails (a symlink: read through, never written through): the first is
# put back
fresh
mv "$V1N/memory.limit_in_bytes" "$V1N/real.limit"
ln -s real.limit "$V1N/memory.limit_in_bytes"
set_ "$C" /system.slice/nginx.service 2G -y
check "a write fails: exit 3, memsw put back" "3 1073741824" "$? $(cat "$V1N/memory.memsw.limit_in_bytes")"
has "the failed step" "$TMP/err" "step 2 'write' failed: writing 2147483648 to $V1N/memory.limit_in_bytes: Too many levels of symbolic links"
has "the undo" "$TMP/err" "the old values were put back"

# ---- refusals leave everything as it was ----
fresh
FAKE_CG=$NGINX
refused() { # name exit-status text args...
	name=$1 want=$2 text=$3
	shift 3
	before=$(cat "$NGINX/memory.max" "$NGINX/memory.high")
	set_ "$A" "$@"
	got=$?
	check "$name: exit $want, unchanged, nothing run" "$want $before " \
		"$got $(cat "$NGINX/memory.max" "$NGINX/memory.high") $(cat "$FAKE_LOG")"
	has "$name: why" "$TMP/err" "$text"
}
refused "at current usage" 3 "check 'usage' refused: the limit 314572800 is at or below current usage 314572800" nginx.service 300M -y
refused "below current usage" 3 "--force to reclaim and OOM-kill down to it" nginx.service 100M -y
refused "high below usage" 3 "check 'usage' refused: the high limit" nginx.service --high 200M -y
refused "unknown target" 3 "check 'target' refused: no memory cgroup is 'nope'" nope 1G -y
lf_v2 "$A" /system.slice/editor.service max=max
refused "ambiguous target" 3 "'editor.service' names 2 cgroups: /system.slice/editor.service" editor.service 1G -y
refused "the root cgroup" 3 "the root cgroup has no memory limit" / 1G -y
refused "docker cannot remove a limit" 3 "docker update cannot remove a memory limit" web max -y
refused "bad size" 2 "invalid SIZE '12Q'" nginx.service 12Q -y
refused "bad --high" 2 "invalid --high 'x'" nginx.service 1G --high x -y
refused "no size" 2 "set needs a SIZE" nginx.service -y
refused "no target" 2 "set needs a TARGET" -y
refused "--json needs --yes or --dry-run" 2 "--json needs --yes or --dry-run" nginx.service 1G -J
refused "not on a terminal without -y" 2 "not asking on a non-terminal" nginx.service 1G
refused "less than a page" 3 "less than a page" nginx.service 1 --force -y
set_ "$C" nginx.service 1G --high 900M -y
check "v1 has no memory.high: exit 3" "3" "$?"
set_ "$A" nginx.service 512M -y
check "already so: exit 0, nothing run" "0 " "$? $(cat "$FAKE_LOG")"
has "and said" "$TMP/out" "Already so: nginx.service has max 512M; nothing to change."
set_ "$A" nginx.service 200M --force -y
check "--force: at or below usage is applied" "0 $((200 * M))" "$? $(cat "$NGINX/memory.max")"

# ---- JSON ----
if command -v python3 >/dev/null 2>&1; then
	fresh
	FAKE_CG=$NGINX
	set_ "$A" nginx.service 1G --dry-run -J
	out=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["steps"]
print(d["verdict"], d["method"], d["dry_run"], d["applied"], d["persistent"], d["kind"],
      d["old"]["max_bytes"], d["new"]["max_bytes"], d["new"]["high_bytes"], d["error"],
      [x["kind"] for x in s], [x["status"] for x in s], s[0]["argv"][1:], s[1]["value"])
' "$TMP/out")
	check "json dry run" "ready systemd True False False unit 536870912 1073741824 471859200 None ['run', 'verify'] ['planned', 'planned'] ['set-property', '--runtime', 'nginx.service', 'MemoryMax=1073741824'] 1073741824" "$out"
	FAKE_MODE=ignore
	set_ "$A" nginx.service 1G -y -J
	out=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["error"]
print(d["applied"], [x["status"] for x in d["steps"]], e["step"], e["step_index"], e["undo_complete"], e["remaining_state"])
' "$TMP/out")
	check "json failed run" "False ['undone', 'failed'] verify 1 True None" "$out"
	set_ "$A" nope 1G -y -J
	out=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["verdict"], d["path"], d["refusal"]["check"], d["steps"])
' "$TMP/out")
	check "json refusal" "refused None target []" "$out"
fi

# ---- not root ----
if run_as_prepare 65534 "$OOMTOOL" 2>"$TMP/why"; then
	fresh
	cp -a "$A" "$RUN_AS_DIR/v2"
	chmod -R a+rX "$RUN_AS_DIR/v2"
	rmdir "$RUN_AS_DIR/v2/run/systemd/system"
	run_as "$RUN_AS_OOMTOOL" limits set --sysroot "$RUN_AS_DIR/v2" nginx.service 1G -y >"$TMP/out" 2>"$TMP/err"
	check "not root, the file: exit 4, unchanged" "4 536870912" \
		"$? $(cat "$RUN_AS_DIR/v2/sys/fs/cgroup/system.slice/nginx.service/memory.max")"
	has "run as root" "$TMP/err" "(run as root); nothing was changed"
else
	echo "skip - not root: $(cat "$TMP/why")"
fi
exit $fail
