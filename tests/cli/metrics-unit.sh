#!/bin/sh
# oomtool-metrics.service and .timer as installed: in <prefix>/lib/systemd/system, ExecStart
# naming the installed binary with --textfile-dir ${OOMTOOL_TEXTFILE_DIR} (node_exporter's
# Debian default) and $OOMTOOL_METRICS_OPTS, the state directory, the timer every minute;
# `systemd-analyze verify` finds nothing wrong with either (skipped, loudly, without it); and
# the ExecStart line, run as systemd would (Environment=, then the environment file), writes
# the textfile.
# Usage: metrics-unit.sh OOMTOOL SOURCE_DIR BUILD_DIR   (CMAKE: the cmake of the build)
set -u
SRC=$2 BUILD=$3
CMAKE=${CMAKE:-cmake}
command -v "$CMAKE" >/dev/null 2>&1 || { echo "skip: no cmake to install with" >&2; exit 77; }
. "$SRC/tests/cli/systemd-exec.inc"
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-metrics-unit exec "$3") || exit 1
W=$(words_dir "$TMP") || exit 1   # what OOMTOOL_METRICS_OPTS names
trap 'rm -rf "$TMP" "$W"' EXIT INT TERM
unset LD_LIBRARY_PATH
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD/CMakeCache.txt"; }
BINDIR=$(cache CMAKE_INSTALL_BINDIR) UNITDIR=$(cache OOMT_SYSTEMD_UNITDIR)
: "${BINDIR:=bin}" "${UNITDIR:=lib/systemd/system}"

P=$TMP/prefix
if "$CMAKE" --install "$BUILD" --prefix "$P" >"$TMP/log" 2>&1; then
	ok "install with prefix $P"
else
	bad "install"; sed 's/^/  | /' "$TMP/log"; exit 1
fi
UNIT=$P/$UNITDIR/oomtool-metrics.service TIMER=$P/$UNITDIR/oomtool-metrics.timer
[ -f "$UNIT" ] && [ -f "$TIMER" ] && ok "the service and the timer in $UNITDIR" ||
	{ bad "no oomtool-metrics.service or .timer in $UNITDIR"; exit 1; }
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
[ "$exec_start" = "$(unit_exec_path "$P/$BINDIR/oomtool") metrics --textfile-dir \${OOMTOOL_TEXTFILE_DIR} \$OOMTOOL_METRICS_OPTS" ] &&
	ok "ExecStart names the installed binary, the directory and \$OOMTOOL_METRICS_OPTS" ||
	bad "ExecStart is '$exec_start'"
grep -qx 'Environment=OOMTOOL_TEXTFILE_DIR=/var/lib/prometheus/node-exporter' "$UNIT" &&
	ok "node_exporter's Debian textfile directory by default" || bad "no default directory"
grep -qx 'EnvironmentFile=-/etc/default/oomtool-metrics' "$UNIT" &&
	ok "the options come from /etc/default/oomtool-metrics" || bad "no EnvironmentFile"
grep -qx 'StateDirectory=oomtool' "$UNIT" && grep -qx 'Type=oneshot' "$UNIT" &&
	ok "a oneshot with /var/lib/oomtool for its state" || bad "Type or StateDirectory"
grep -qx 'OnUnitActiveSec=1min' "$TIMER" && grep -qx 'WantedBy=timers.target' "$TIMER" &&
	ok "the timer: every minute, enabled with timers.target" || bad "the timer's schedule"

if command -v systemd-analyze >/dev/null 2>&1; then
	if systemd-analyze verify --man=no "$UNIT" "$TIMER" >"$TMP/verify" 2>&1 && [ ! -s "$TMP/verify" ]; then
		ok "systemd-analyze verify: no complaint"
	else
		bad "systemd-analyze verify"; sed 's/^/  | /' "$TMP/verify"
	fi
else
	echo "SKIP: systemd-analyze is not installed: the units' syntax is not checked" >&2
	echo "# SKIP systemd-analyze verify (not installed)"
fi

# what systemd would run: Environment= first, the environment file over it
R=$W/root
mkdir -p "$R/var/log" "$R/proc" "$TMP/textfile"
cp "$SRC/tests/data/cli/scan-logs-kern.log" "$R/var/log/kern.log"
printf 'MemTotal: 2048000 kB\nMemAvailable: 1024000 kB\n' >"$R/proc/meminfo"
printf "OOMTOOL_TEXTFILE_DIR='%s'\nOOMTOOL_METRICS_OPTS=\"--sysroot %s --state %s/state -q\"\n" \
	"$TMP/textfile" "$R" "$W" >"$TMP/default"
default=$(sed -n 's/^Environment=OOMTOOL_METRICS_OPTS=//p' "$UNIT")
[ -z "$default" ] && ok "no options by default" || bad "default options '$default'"
# shellcheck disable=SC1091
OOMTOOL_TEXTFILE_DIR=$(. "$TMP/default"; printf '%s' "$OOMTOOL_TEXTFILE_DIR")
OOMTOOL_METRICS_OPTS=$(. "$TMP/default"; printf '%s' "$OOMTOOL_METRICS_OPTS")
export OOMTOOL_TEXTFILE_DIR OOMTOOL_METRICS_OPTS
run_exec_start "$exec_start" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^# TYPE oomtool_oom_kills_total counter$' "$TMP/textfile/oomtool.prom"; then
	ok "ExecStart writes the textfile with the file's options"
else
	bad "ExecStart: exit $rc"; sed 's/^/  | /' "$TMP/err"
fi
[ $fail -eq 0 ] && echo "the units are sound"
exit $fail
