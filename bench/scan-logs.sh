#!/bin/sh
# Benchmark: oomtool scan-logs on a 256 MiB syslog against the greps an SRE would run.
#
# Generates (in a temporary directory, removed at exit) a syslog of realistic daemon traffic
# with a few hundred OOM reports of three kernel eras embedded (6.18 memcg, 6.18 global with
# two kills, 2.6.32 RHEL6 global), plus its gzip. Times, best of 3 runs with a warm cache:
#   oomtool scan-logs -J FILE  vs  grep -c 'Killed process', grep -ci 'out of memory',
#   rg -c 'Killed process' (if installed); and on the .gz: oomtool vs zgrep -c.
# Prints seconds, the ratio to grep -c, and each command's peak RSS.
#
# Usage: sh bench/scan-logs.sh [OOMTOOL] [SIZE_MIB]   (default: ./build/oomtool, 256)
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
OOMTOOL=${1:-$HERE/build/oomtool}
SIZE_MIB=${2:-256}
DATA=$HERE/tests/data/cli
[ -x "$OOMTOOL" ] || { echo "bench: no oomtool binary at '$OOMTOOL' (build first)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/var/tmp}/oomtool-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
LOG=$TMP/syslog

echo "generating a ${SIZE_MIB} MiB syslog in $TMP ..."
python3 - "$LOG" "$SIZE_MIB" "$DATA" <<'EOF'
import random, re, sys, time
path, size_mib, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(42)

def dmesg_template(name):
    out = []
    for l in open(f"{data}/{name}", errors="replace"):
        m = re.match(r"\[\s*([0-9.]+)\]\s?(.*)$", l.rstrip("\n"))
        if m:
            out.append((float(m.group(1)), m.group(2)))
    t0 = out[0][0]
    return [(up - t0, msg) for up, msg in out]

def syslog_template(name):   # RHEL6: no kernel time stamps in the messages
    return [(None, l.rstrip("\n").split(" kernel: ", 1)[1])
            for l in open(f"{data}/{name}", errors="replace") if " kernel: " in l]

templates = [(dmesg_template("scan-logs-memcg.dmesg"), 1),
             (dmesg_template("scan-logs-global.dmesg"), 2),
             (syslog_template("scan-logs-rhel6-global.log"), 1)]
daemons = [
    "sshd[{p}]: Accepted publickey for deploy from 10.{a}.{b}.{c} port {port} ssh2: ED25519 SHA256:Zq3x{p}",
    "sshd[{p}]: pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)",
    "CRON[{p}]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
    "systemd[1]: Started session-{p}.scope - Session {p} of User deploy.",
    "systemd[1]: logrotate.service: Deactivated successfully.",
    "nginx[{p}]: 10.{a}.{b}.{c} - - \"GET /api/v1/items/{port} HTTP/1.1\" 200 {b}{c} \"-\" \"curl/7.88.1\"",
    "postfix/smtpd[{p}]: connect from unknown[10.{a}.{b}.{c}]",
    "dhclient[{p}]: DHCPACK of 10.{a}.{b}.{c} from 10.{a}.0.1",
    "kernel: [{up:.6f}] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56 SRC=10.{a}.{b}.{c} DST=10.0.0.2 LEN=60 PROTO=TCP SPT={port} DPT=22",
    "kernel: [{up:.6f}] EXT4-fs (dm-{a}): mounted filesystem with ordered data mode. Quota mode: none.",
    "containerd[{p}]: time=\"2024-09-08T12:00:00Z\" level=info msg=\"shim disconnected\" id={p}{port}",
    "kubelet[{p}]: I0908 12:00:00.{port} {p} kubelet.go:2418] \"SyncLoop UPDATE\" source=\"api\" pods=[\"default/web-{p}\"]",
]
target = size_mib << 20
n_incidents = 300
every = target // n_incidents
t = time.mktime((2024, 1, 1, 0, 0, 0, 0, 0, -1))
up = 1000.0
written, next_inc, kills, inc = 0, every // 2, 0, 0
with open(path, "w", buffering=1 << 20) as f:
    while written < target:
        t += random.random() * 0.05
        up += random.random() * 0.05
        stamp = time.strftime("%b %e %H:%M:%S", time.localtime(t))
        if written >= next_inc:
            lines, k = templates[inc % len(templates)]
            for rel, msg in lines:
                if rel is None:
                    s = f"{stamp} web1 kernel: {msg}\n"
                else:
                    s = f"{stamp} web1 kernel: [{up + rel:12.6f}] {msg}\n"
                f.write(s)
                written += len(s)
            up += 5
            kills += k
            inc += 1
            next_inc += every
            continue
        tmpl = random.choice(daemons)
        s = f"{stamp} web1 " + tmpl.format(p=random.randint(300, 99999), a=random.randint(0, 255),
                                           b=random.randint(0, 255), c=random.randint(0, 255),
                                           port=random.randint(1024, 65535), up=up) + "\n"
        f.write(s)
        written += len(s)
print(f"{written >> 20} MiB, {inc} OOM reports, {kills} kills embedded")
EOF
echo "compressing ..."
gzip -1 -c "$LOG" >"$LOG.gz"

# measure LABEL CMD...: best wall time of 3 runs and peak RSS (KiB) of the command.
# Peak RSS comes from wait4(). The measuring process must be tiny: the kernel keeps the
# parent's high-water mark across fork+exec, so python3's own 10+ MiB would be the floor
# (and GNU time may be absent). Hence this little C program, built with the project's
# compiler (vfork: the child starts with the helper's ~1 MiB, not a copy of anything big).
cat >"$TMP/measure.c" <<'EOF'
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	double best = -1;
	long rss = 0;

	if (argc < 3)
		return 2;
	for (int run = 0; run < 3; run++) {
		struct timespec a, b;
		struct rusage ru;
		int st;
		pid_t pid;
		double dt;

		clock_gettime(CLOCK_MONOTONIC, &a);
		pid = vfork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		dt = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
		if (best < 0 || dt < best)
			best = dt;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	printf("%s\t%.3f\t%ld\n", argv[1], best, rss);
	return 0;
}
EOF
${CC:-cc} -O2 -o "$TMP/measure" "$TMP/measure.c"
measure() { "$TMP/measure" "$@"; }

found=$("$OOMTOOL" scan-logs -r -n -o PID "$LOG" 2>/dev/null | wc -l)
echo "oomtool finds $found incidents; grep -c 'Killed process' says $(grep -c 'Killed process' "$LOG")"
echo "timing (best of 3) ..."
{
	measure "grep -c 'Killed process'" grep -c 'Killed process' "$LOG"
	measure "grep -ci 'out of memory'" grep -ci 'out of memory' "$LOG"
	if command -v rg >/dev/null; then
		measure "rg -c 'Killed process'" rg -c 'Killed process' "$LOG"
	fi
	measure "oomtool scan-logs -J" "$OOMTOOL" scan-logs -J "$LOG"
	measure "oomtool scan-logs (table)" "$OOMTOOL" scan-logs "$LOG"
	measure "zgrep -c 'Killed process' (.gz)" zgrep -c 'Killed process' "$LOG.gz"
	measure "oomtool scan-logs -J (.gz)" "$OOMTOOL" scan-logs -J "$LOG.gz"
} >"$TMP/results"

python3 - "$TMP/results" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
base = {r[0]: float(r[1]) for r in rows}
grep = base["grep -c 'Killed process'"]
zgrep = base["zgrep -c 'Killed process' (.gz)"]
print(f"{'command':38} {'seconds':>8} {'x grep':>7} {'peak RSS':>10}")
for name, sec, rss in rows:
    ref = zgrep if ".gz" in name else grep
    print(f"{name:38} {float(sec):8.3f} {float(sec) / ref:7.2f} {int(rss) / 1024:8.1f}M")
print("(x grep: time / grep -c 'Killed process'; for .gz rows: / zgrep -c)")
EOF
