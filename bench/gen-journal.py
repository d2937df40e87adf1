#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a realistic two-boot journal in journalctl's export format (convert it with
systemd-journal-remote -o DIR/system.journal FILE).

Usage: gen-journal.py OUT ENTRIES DATA_DIR

About a third of the entries are the kernel's (boot messages, firewall and filesystem noise,
and a few hundred OOM reports of two kernel report shapes, each victim a distinct pid), a
quarter systemd's own (sessions, units starting and stopping, unit results; for each memcg
kill the unit messages "A process of this unit has been killed by the OOM killer" and
"Failed with result 'oom-kill'" with their MESSAGE_ID and UNIT_RESULT), the rest daemons
(sshd, cron, nginx, containerd, kubelet), earlyoom's status and kill lines and systemd-oomd's
kills with PID 1's "systemd-oomd killed N process(es)" messages. Fields are the ones journald
stores (trusted _PID/_UID/_COMM/_SYSTEMD_UNIT..., SYSLOG_*, CODE_* for systemd).
Prints the kernel kills written (pid per line) to OUT.kills.
"""
import random
import re
import sys
import uuid

out_path, entries, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(1207)

MACHINE = "3b2d4a0c61c44ad98dc0e2f6d1f4b7a1"
HOST = "web7"
MSG_UNIT_OOM = "fe6faa94e7774663a0da52717891d8ef"
MSG_OOMD_KILL = "d989611b15e44c9dbf31e3c81256e4ed"
MSG_UNIT_RESULT = "d9b373ed55a64feb8242e02dbe79a49c"
MSG_PROCESS_EXIT = "98e322203f7a4ed290d09fe03c09fe15"
MSG_JOB_DONE = "39f53479d3a045ac8e11786248231fbf"
MSG_UNIT_STOPPED = "9d1aaa27d60140bd96365438aad20286"


def template(name):
    lines = []
    for l in open(f"{data}/{name}", errors="replace"):
        m = re.match(r"\[\s*([0-9.]+)\]\s?(.*)$", l.rstrip("\n"))
        if m:
            lines.append((float(m.group(1)), m.group(2)))
    t0 = lines[0][0]
    kills = [int(x) for x in re.findall(r"Killed process (\d+)", "\n".join(m for _, m in lines))]
    return [(t - t0, msg) for t, msg in lines], kills


templates = [template("scan-logs-memcg.dmesg"), template("scan-logs-global.dmesg")]

out = open(out_path, "w", buffering=1 << 20)
kills_out = open(out_path + ".kills", "w")
n = 0


def emit(fields):
    global n
    for k, v in fields:
        out.write(f"{k}={v}\n")
    out.write("\n")
    n += 1


class Boot:
    def __init__(self, realtime_usec):
        self.id = uuid.uuid4().hex
        self.rt0 = realtime_usec
        self.mono = 2_000_000
        self.seqnum = 0

    def stamp(self, step_usec):
        self.mono += step_usec
        return self.rt0 + self.mono, self.mono


def base(boot, rt, mono, prio):
    return [("__REALTIME_TIMESTAMP", rt), ("__MONOTONIC_TIMESTAMP", mono), ("_BOOT_ID", boot.id),
            ("_MACHINE_ID", MACHINE), ("_HOSTNAME", HOST), ("PRIORITY", prio)]


def kernel(boot, msg, prio=6, step=20000, mono=None):
    rt, m = boot.stamp(step)
    src = mono if mono is not None else m
    emit(base(boot, rt, m, prio) + [
        ("_SOURCE_MONOTONIC_TIMESTAMP", src), ("_TRANSPORT", "kernel"), ("SYSLOG_FACILITY", 0),
        ("SYSLOG_IDENTIFIER", "kernel"), ("MESSAGE", msg)])


def userspace(boot, ident, pid, comm, unit, msg, prio=6, transport="syslog", extra=(), step=20000,
              uid=0, exe=None):
    rt, m = boot.stamp(step)
    f = base(boot, rt, m, prio) + [
        ("_TRANSPORT", transport), ("SYSLOG_FACILITY", 3), ("SYSLOG_IDENTIFIER", ident),
        ("_PID", pid), ("_UID", uid), ("_GID", uid), ("_COMM", comm),
        ("_EXE", exe or f"/usr/sbin/{comm}"), ("_CMDLINE", exe or f"/usr/sbin/{comm}"),
        ("_CAP_EFFECTIVE", "1ffffffffff"), ("_SYSTEMD_CGROUP", f"/system.slice/{unit}"),
        ("_SYSTEMD_UNIT", unit), ("_SYSTEMD_SLICE", "system.slice"),
        ("_SYSTEMD_INVOCATION_ID", "9c1e0d8a2f4b4f0c8a6e3d2b1c0f9e8d")]
    if transport == "syslog":
        f += [("SYSLOG_PID", pid), ("SYSLOG_TIMESTAMP", "Mar  1 12:00:00 ")]
    f += list(extra) + [("MESSAGE", msg), ("_SOURCE_REALTIME_TIMESTAMP", rt - 7)]
    emit(f)


def systemd(boot, unit, msg, msg_id=None, extra=(), prio=6, step=20000):
    ex = [("CODE_FILE", "src/core/unit.c"), ("CODE_LINE", 5100), ("CODE_FUNC", "unit_log_success"),
          ("UNIT", unit), ("INVOCATION_ID", uuid.uuid4().hex)]
    if msg_id:
        ex.append(("MESSAGE_ID", msg_id))
    userspace(boot, "systemd", 1, "systemd", "init.scope", f"{unit}: {msg}" if unit else msg, prio,
              "journal", ex + list(extra), step, exe="/usr/lib/systemd/systemd")


def noise(boot, i):
    r = random.random()
    a, b, c = random.randint(0, 255), random.randint(0, 255), random.randint(1, 254)
    p = random.randint(300, 99999)
    if r < 0.22:   # kernel noise
        if random.random() < 0.8:
            kernel(boot, f"[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00 "
                         f"SRC=10.{a}.{b}.{c} DST=10.0.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID={p} "
                         f"DF PROTO=TCP SPT={random.randint(1024, 65535)} DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0", 4)
        else:
            kernel(boot, f"EXT4-fs (dm-{a % 4}): mounted filesystem {uuid.uuid4()} r/w with ordered data mode. Quota mode: none.")
    elif r < 0.47:  # systemd itself
        s = random.random()
        if s < 0.4:
            systemd(boot, f"session-{p}.scope", f"Started session-{p}.scope - Session {p} of User deploy.",
                    MSG_JOB_DONE, [("JOB_TYPE", "start"), ("JOB_RESULT", "done"), ("JOB_ID", p)])
        elif s < 0.75:
            systemd(boot, f"session-{p}.scope", "Deactivated successfully.", MSG_UNIT_STOPPED)
        elif s < 0.9:
            systemd(boot, "logrotate.service", f"Consumed {random.random():.3f}s CPU time.",
                    "ae8f7b866b0347b9af31fe1c80b127c0", [("CPU_USAGE_NSEC", p * 1000)])
        elif s < 0.97:
            systemd(boot, "apt-daily.timer", "Starting apt-daily.service - Daily apt download activities...",
                    "7d4958e842da4a758f6c1cdc7b36dcc5", [("JOB_TYPE", "start")])
        else:   # other unit results
            systemd(boot, f"backup-{p % 7}.service", "Failed with result 'exit-code'.", MSG_UNIT_RESULT,
                    [("UNIT_RESULT", "exit-code")], 4)
    elif r < 0.99:  # daemons
        d = random.random()
        if d < 0.3:
            userspace(boot, "sshd", p, "sshd", "ssh.service",
                      f"Accepted publickey for deploy from 10.{a}.{b}.{c} port {p} ssh2: ED25519 SHA256:Zq3x{p}")
        elif d < 0.45:
            userspace(boot, "CRON", p, "cron", "cron.service",
                      "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)")
        elif d < 0.7:
            userspace(boot, "nginx", 812, "nginx", "nginx.service",
                      f"10.{a}.{b}.{c} - - \"GET /api/v1/items/{p} HTTP/1.1\" 200 {b}{c} \"-\" \"curl/7.88.1\"",
                      transport="stdout")
        elif d < 0.85:
            userspace(boot, "containerd", 977, "containerd", "containerd.service",
                      f"time=\"2026-03-01T12:00:00Z\" level=info msg=\"shim disconnected\" id={p}{a} namespace=k8s.io",
                      transport="stdout")
        else:
            userspace(boot, "kubelet", 1210, "kubelet", "kubelet.service",
                      f"I0301 12:00:00.{p} 1210 kubelet.go:2418] \"SyncLoop UPDATE\" source=\"api\" pods=[\"default/web-{p}\"]",
                      transport="stdout")
    else:   # earlyoom reporting every minute (-r 60)
        userspace(boot, "earlyoom", 640, "earlyoom", "earlyoom.service",
                  f"mem avail: {random.randint(800, 6000)} of 7821 MiB ({random.uniform(10, 80):5.2f}%), "
                  f"swap free: {random.randint(0, 2047)} of 2047 MiB ({random.uniform(0, 100):5.2f}%)",
                  transport="stdout", exe="/usr/bin/earlyoom")


def oom_report(boot, k):
    lines, victims = templates[k % len(templates)]
    new = {v: random.randint(100000, 4000000) for v in victims}
    up0 = boot.mono
    for rel, msg in lines:
        for v, w in new.items():
            msg = re.sub(rf"\b{v}\b", str(w), msg)
        kernel(boot, msg, 4 if "Killed process" in msg or "invoked oom-killer" in msg else 6,
               step=50, mono=up0 + int(rel * 1e6))
    for w in new.values():
        kills_out.write(f"{w}\n")
    if k % len(templates) == 0:   # the memcg kill: systemd saw its unit lose a process
        unit = f"job-{k}.service"
        systemd(boot, unit, "A process of this unit has been killed by the OOM killer.", MSG_UNIT_OOM, prio=5)
        systemd(boot, unit, "Main process exited, code=killed, status=9/KILL", MSG_PROCESS_EXIT,
                [("EXIT_CODE", "killed"), ("EXIT_STATUS", 9)], 5)
        systemd(boot, unit, "Failed with result 'oom-kill'.", MSG_UNIT_RESULT, [("UNIT_RESULT", "oom-kill")], 4)


def userspace_kill(boot, k):
    p = random.randint(100000, 4000000)
    if k % 2 == 0:
        userspace(boot, "earlyoom", 640, "earlyoom", "earlyoom.service",
                  "low memory! at or below SIGTERM limits: mem 10.00%, swap 5.00%", 4, "stdout", exe="/usr/bin/earlyoom")
        userspace(boot, "earlyoom", 640, "earlyoom", "earlyoom.service",
                  f"sending SIGTERM to process {p} uid 1000 \"chrome\": badness 812, VmRSS 2210 MiB", 4, "stdout",
                  exe="/usr/bin/earlyoom")
        userspace(boot, "earlyoom", 640, "earlyoom", "earlyoom.service",
                  f"process {p} exited after 0.120 seconds", 6, "stdout", exe="/usr/bin/earlyoom")
    else:
        scope = f"app-firefox-{p}.scope"
        userspace(boot, "systemd-oomd", 515, "systemd-oomd", "systemd-oomd.service",
                  f"Killed /user.slice/user-1000.slice/user@1000.service/app.slice/{scope} due to memory pressure "
                  f"for /user.slice/user-1000.slice/user@1000.service being 63.30% > 50.00% for > 20s with reclaim activity",
                  5, "journal", exe="/usr/lib/systemd/systemd-oomd")
        systemd(boot, scope, f"systemd-oomd killed {random.randint(1, 30)} process(es) in this unit.", MSG_OOMD_KILL, prio=5)


boots = [Boot(1772323200_000_000), Boot(1772668800_000_000)]
reports = 300
userspace_kills = 60
per_boot = entries // len(boots)
for bi, boot in enumerate(boots):
    for i in range(400):   # boot messages
        kernel(boot, f"pci 0000:00:{i % 32:02x}.{i % 8}: [8086:{0x1000 + i:04x}] type 00 class 0x{i:06x}", step=300)
    start = n
    inc = [start + (j + 1) * (per_boot - 2000) // (reports // 2 + 1) for j in range(reports // 2)]
    usk = [start + (j + 1) * (per_boot - 2000) // (userspace_kills // 2 + 1) + 7 for j in range(userspace_kills // 2)]
    ki, ui = 0, 0
    while n < start + per_boot - 400:
        if ki < len(inc) and n >= inc[ki]:
            oom_report(boot, bi * 1000 + ki)
            ki += 1
        elif ui < len(usk) and n >= usk[ui]:
            userspace_kill(boot, ui)
            ui += 1
        else:
            noise(boot, n)
out.close()
kills_out.close()
print(f"{n} entries, {len(boots)} boots, {reports} kernel reports, {userspace_kills} userspace kills")
