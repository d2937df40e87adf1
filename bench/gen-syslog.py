#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a syslog of realistic daemon traffic with a few hundred OOM reports of three kernel
eras embedded (6.18 memcg, 6.18 global with two kills, 2.6.32 RHEL6 global).

Usage: gen-syslog.py OUT SIZE_MIB DATA_DIR
"""
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
