#!/bin/sh
# oomtool metrics on a sysroot made at test time: a cgroup v2 node (tests/lib/limits-
# fixture.sh: systemd units, Docker, Podman, pods), a kern.log with one memcg OOM kill, and
# /proc files that count 3 kills. Checks: promtool check metrics accepts the output; every
# family is documented in oomtool-metrics(8) and every documented family is written, each
# with HELP and TYPE; no sample has a time stamp; the values (kills, unlogged, cgroups,
# pressure); the bounded labels (--max-cgroups); --textfile-dir (mode 0644, nothing else
# left); a second run reads nothing new and counts the same; a damaged state is warned about,
# ignored and rebuilt without counting twice; usage errors; the kinds lxc and job of a host
# of system containers and Slurm jobs.
# Usage: metrics.sh OOMTOOL SOURCE_DIR [BUILD_DIR]
set -u
OOMTOOL=$1 SRC=$2
. "$SRC/tests/lib/limits-fixture.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-metrics.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
R=$TMP/root
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
has() { grep -qxF -- "$2" "$1"; }

limits_fixture_v2_systemd "$R"
mkdir -p "$R/var/log" "$R/proc/sys/kernel/random" "$R/proc/pressure" "$R/etc"
cp "$SRC/tests/data/cli/scan-logs-kern.log" "$R/var/log/kern.log"
touch -d @1795172400 "$R/var/log/kern.log"        # its year: 2026
printf 'MemTotal: 2048000 kB\nMemFree: 512000 kB\nMemAvailable: 1024000 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n' \
	>"$R/proc/meminfo"
printf 'oom_kill 3\n' >"$R/proc/vmstat"
printf 'cpu  1 2 3 4\nbtime 1795164000\n' >"$R/proc/stat"
printf '0123abcd-4567-89ab-cdef-0123456789ab\n' >"$R/proc/sys/kernel/random/boot_id"
printf '6.1.0-13-amd64\n' >"$R/proc/sys/kernel/osrelease"
printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=2500000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=500000\n' \
	>"$R/proc/pressure/memory"
printf '3d1219c7c4c5404aaa1f6d2a48adfda4\n' >"$R/etc/machine-id"
STATE=$TMP/state/metrics.state
run() { "$OOMTOOL" metrics --sysroot "$R" --state "$STATE" "$@"; }

# ---- the first run
run >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 0 ] && ok "exit 0" || { bad "exit $rc"; sed 's/^/  | /' "$TMP/err"; }
[ -s "$TMP/err" ] && { bad "warnings on a clean run"; sed 's/^/  | /' "$TMP/err"; } || ok "no warning"
if command -v promtool >/dev/null 2>&1; then
	if promtool check metrics <"$TMP/out" >"$TMP/promtool" 2>&1 && [ ! -s "$TMP/promtool" ]; then
		ok "promtool check metrics: no complaint"
	else
		bad "promtool check metrics"; sed 's/^/  | /' "$TMP/promtool"
	fi
else
	echo "SKIP: promtool is not installed (Debian: prometheus)" >&2
	echo "# SKIP promtool check metrics"
fi

# every family documented, every documented family written (names are an interface)
sed -n 's/^\.B\(R\)\{0,1\} \(oomtool_[a-z_]*\).*/\2/p' "$SRC/docs/oomtool-metrics.8" |
	sed 's/[^a-z_].*//' | sort -u >"$TMP/documented"
sed -n 's/^\.BR oomtool_swap_total_bytes ", " \(oomtool_[a-z_]*\)$/\1/p' \
	"$SRC/docs/oomtool-metrics.8" >>"$TMP/documented"
sort -u -o "$TMP/documented" "$TMP/documented"
sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$TMP/out" | sort >"$TMP/typed"
sed -n 's/^# HELP \([a-z_]*\) .*/\1/p' "$TMP/out" | sort >"$TMP/helped"
if cmp -s "$TMP/typed" "$TMP/helped" && cmp -s "$TMP/typed" "$TMP/documented"; then
	ok "$(wc -l <"$TMP/typed") families, each with HELP and TYPE, each documented"
else
	bad "families written vs documented"; diff "$TMP/documented" "$TMP/typed" | sed 's/^/  | /'
fi
if grep -v '^#' "$TMP/out" | grep -vqE '^[a-z_]+(\{[^}]*\})? [-+0-9.eE]+$|^[a-z_]+(\{[^}]*\})? (NaN|[+-]Inf)$'; then
	bad "a sample with a time stamp or of another form"
	grep -v '^#' "$TMP/out" | grep -vE '^[a-z_]+(\{[^}]*\})? [-+0-9.eE]+$' | sed 's/^/  | /' | head -5
else
	ok "no time stamps"
fi

# the values
for line in \
	'oomtool_oom_kills_total{killer="kernel",scope="memcg"} 1' \
	'oomtool_oom_kills_total{killer="kernel",scope="global"} 0' \
	'oomtool_oom_kills_boot_start_time_seconds 1795164000' \
	'oomtool_kernel_oom_kills_total 3' \
	'oomtool_unlogged_oom_kills 2' \
	'oomtool_last_oom_kill_timestamp_seconds 1795168800' \
	'oomtool_memory_available_bytes 1048576000' \
	'oomtool_swap_total_bytes 0' \
	'oomtool_memory_pressure_stall_seconds_total{kind="some"} 2.5' \
	'oomtool_watch_up 0' \
	'oomtool_cgroup_memory_limit_bytes{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service"} 536870912' \
	'oomtool_cgroup_memory_usage_bytes{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service"} 314572800' \
	'oomtool_cgroup_memory_working_set_bytes{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service"} 251658240' \
	'oomtool_cgroup_memory_oom_kills_total{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service"} 2' \
	'oomtool_cgroup_memory_pressure_stall_seconds_total{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service",stall="some"} 1.5' \
	'oomtool_cgroup_memory_headroom_ratio{cgroup="/system.slice/nginx.service",kind="unit",name="nginx.service"} 0.53125' \
	'oomtool_metrics_source_errors{source="state"} 0' \
	'oomtool_metrics_source_errors{source="cgroups"} 0'; do
	has "$TMP/out" "$line" && ok "$line" || bad "missing: $line"
done
grep -q '^oomtool_last_oom_kill_info{victim="python3",workload="[^"]*",killer="kernel",scope="memcg"} 1$' \
	"$TMP/out" && ok "the last victim's info series" || bad "no last-victim info series"
grep -q '^oomtool_cgroup_memory_headroom_ratio{cgroup="/kubepods.slice/.*",kind="container",name="default/web-0/nginx"} ' \
	"$TMP/out" && ok "a pod's container by the name a person knows" || bad "no default/web-0/nginx"
grep -v '^#' "$TMP/out" | grep -qE '(pid="|="[0-9]+")' && bad "a pid in a label" ||
	ok "no pid in a label (no label value is a number)"

# ---- bounded labels
run --no-state --max-cgroups 2 >"$TMP/few" 2>/dev/null
for fam in usage_bytes working_set_bytes limit_bytes headroom_ratio; do
	k=$(grep -c "^oomtool_cgroup_memory_$fam{" "$TMP/few")
	o=$(grep -c "^oomtool_cgroup_memory_$fam{cgroup=\"other\",kind=\"other\",name=\"other\"}" "$TMP/few")
	[ "$k" -eq 3 ] && [ "$o" -eq 1 ] && ok "--max-cgroups 2: $fam has 2 cgroups and other" ||
		bad "--max-cgroups 2: $fam has $k series ($o other)"
done
# the two nearest to their limit: the pod's container (ws 400 of 512 MiB) first
grep -q '^oomtool_cgroup_memory_headroom_ratio{cgroup="/kubepods.slice/.*cri-containerd-7777.*} 0.21875$' \
	"$TMP/few" && ok "the cgroup nearest to its limit is named" || bad "the nearest cgroup is not named"

# ---- a second run: nothing new, the same counts
run >"$TMP/out2" 2>"$TMP/err2"
grep -v '^oomtool_metrics_scrape_duration' "$TMP/out" >"$TMP/a"
grep -v '^oomtool_metrics_scrape_duration' "$TMP/out2" >"$TMP/b"
cmp -s "$TMP/a" "$TMP/b" && ok "a second run writes the same (read on from the state)" ||
	{ bad "a second run differs"; diff "$TMP/a" "$TMP/b" | sed 's/^/  | /' | head; }
grep -q '^pos file ' "$STATE" && grep -q '^end [0-9a-f]\{16\}$' "$STATE" &&
	ok "the state holds the log's position and its checksum" || bad "state file: $(head -c 300 "$STATE")"

# ---- a damaged state: warned about, ignored, rebuilt; the kill counted once
sed -i 's/^kills kernel memcg 1$/kills kernel memcg 7/' "$STATE"
run >"$TMP/out3" 2>"$TMP/err3"
rc=$?
[ "$rc" -eq 0 ] && grep -q 'state file .* is damaged .* ignored' "$TMP/err3" &&
	ok "a changed state: warned about and ignored" || { bad "changed state: exit $rc"; cat "$TMP/err3"; }
has "$TMP/out3" 'oomtool_oom_kills_total{killer="kernel",scope="memcg"} 1' &&
	has "$TMP/out3" 'oomtool_metrics_source_errors{source="state"} 1' &&
	ok "counted from the logs again, once; source state counts the failure" ||
	bad "after a damaged state: $(grep -E '^oomtool_(oom_kills_total|metrics_source_errors)' "$TMP/out3")"
printf 'garbage\n' >"$STATE"
run >/dev/null 2>"$TMP/err4" && grep -q damaged "$TMP/err4" && run -q >/dev/null 2>"$TMP/err5" &&
	[ ! -s "$TMP/err5" ] && ok "garbage: rebuilt, the next run is quiet" || bad "garbage state"

# ---- the textfile
mkdir "$TMP/textfile"
run --textfile-dir "$TMP/textfile" >"$TMP/stdout" 2>"$TMP/err6"
rc=$?
mode=$(stat -c %a "$TMP/textfile/oomtool.prom" 2>/dev/null)
[ "$rc" -eq 0 ] && [ ! -s "$TMP/stdout" ] && [ "$mode" = 644 ] &&
	[ "$(ls -A "$TMP/textfile")" = oomtool.prom ] &&
	ok "--textfile-dir: oomtool.prom, mode 0644, nothing else left, nothing on stdout" ||
	bad "--textfile-dir: exit $rc, mode $mode, files: $(ls -A "$TMP/textfile")"
grep -q '^oomtool_oom_kills_total{killer="kernel",scope="memcg"} 1$' "$TMP/textfile/oomtool.prom" &&
	ok "the file holds the metrics" || bad "the file's content"

# ---- usage and runtime errors
for args in "--max-cgroups 0" "--max-workloads x" "--state ''" "extra" "--bogus"; do
	eval "\"\$OOMTOOL\" metrics $args" >/dev/null 2>"$TMP/uerr"
	rc=$?
	[ "$rc" -eq 2 ] && ok "usage error: $args" || bad "$args: exit $rc"
done
run --textfile-dir "$TMP/missing" >/dev/null 2>"$TMP/rerr"
rc=$?
[ "$rc" -eq 3 ] && grep -q "cannot write $TMP/missing/oomtool.prom" "$TMP/rerr" &&
	ok "a missing directory: exit 3, said" || bad "missing directory: exit $rc"
"$OOMTOOL" metrics --sysroot "$R" --no-state -q >/dev/null 2>&1 && [ ! -e "$R/var/lib/oomtool" ] &&
	ok "--no-state: no state written" || bad "--no-state"
# ---- system containers and Slurm jobs: kinds lxc and job, by their managers' names
H=$TMP/hosts
limits_fixture_v2_hosts "$H"
mkdir -p "$H/var/log" "$H/proc/sys/kernel/random" "$H/etc"
cp "$R/proc/meminfo" "$R/proc/stat" "$H/proc/"
cp "$R/proc/sys/kernel/random/boot_id" "$H/proc/sys/kernel/random/"
cp "$R/etc/machine-id" "$H/etc/"
printf 'oom_kill 2\n' >"$H/proc/vmstat"
cat >"$H/var/log/kern.log" <<'EOF'
Nov 20 11:02:10 hpc3 kernel: [ 4920.100100] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/lxc.payload.build-agent,task_memcg=/lxc.payload.build-agent/system.slice/nginx.service,task=nginx,pid=30001,uid=100033
Nov 20 11:02:10 hpc3 kernel: [ 4920.100160] Memory cgroup out of memory: Killed process 30001 (nginx) total-vm:300000kB, anon-rss:200000kB, file-rss:0kB, shmem-rss:0kB, UID:100033 pgtables:600kB oom_score_adj:0
Nov 20 11:40:31 hpc3 kernel: [ 7221.300100] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/system.slice/slurmstepd.scope/job_901122,task_memcg=/system.slice/slurmstepd.scope/job_901122/step_0/user/task_0,task=python3,pid=30502,uid=4021
Nov 20 11:40:31 hpc3 kernel: [ 7221.300160] Memory cgroup out of memory: Killed process 30502 (python3) total-vm:5000000kB, anon-rss:4100000kB, file-rss:0kB, shmem-rss:0kB, UID:4021 pgtables:8000kB oom_score_adj:0
EOF
touch -d @1795172400 "$H/var/log/kern.log"
"$OOMTOOL" metrics --sysroot "$H" --no-state >"$TMP/hosts.out" 2>"$TMP/hosts.err"
for line in \
	'oomtool_oom_kills_by_workload_total{kind="lxc",name="lxc/build-agent"} 1' \
	'oomtool_oom_kills_by_workload_total{kind="job",name="slurm/901122.0"} 1' \
	'oomtool_cgroup_memory_limit_bytes{cgroup="/lxc.payload.build-agent",kind="lxc",name="lxc/build-agent"} 268435456' \
	'oomtool_cgroup_memory_limit_bytes{cgroup="/system.slice/slurmstepd.scope/job_901122",kind="job",name="slurm/901122"} 4294967296'; do
	has "$TMP/hosts.out" "$line" && ok "$line" || { bad "missing: $line"; grep by_workload "$TMP/hosts.out"; }
done

[ $fail -eq 0 ] && echo "oomtool metrics is sound"
exit $fail
