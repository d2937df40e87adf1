#!/bin/sh
# Live: the real service. A copy of oomtool-watch.service (ExecStart pointed at this build,
# its options from a file of the test's) is started with systemctl: it must be active, and
# its start-up report must reach the journal. Needs root and systemd as PID 1; skips (77)
# otherwise (tests/cli/watch-unit.sh checks the unit and its ExecStart line everywhere).
# Removes the unit and reloads systemd on every exit path.
# Usage: sh watch-unit.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1 SRC=$2
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
[ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && [ -d /run/systemd/system ] ||
	{ echo "skip: systemd is not PID 1 here: the service cannot be started" >&2; exit 77; }
NAME=oomtool-watch-test-$$
UNIT=/run/systemd/system/$NAME.service
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-live-unit.XXXXXX") || exit 1
cleanup() {
	systemctl stop "$NAME" 2>/dev/null
	rm -f "$UNIT"
	systemctl daemon-reload
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
chmod 755 "$TMP"
printf 'OOMTOOL_WATCH_OPTS="--for 120s --no-kills"\n' >"$TMP/default"
BIN=$(cd "$(dirname "$OOMTOOL")" && pwd)
sed -e "s|@BINDIR@|$BIN|" -e "s|^EnvironmentFile=.*|EnvironmentFile=$TMP/default|" \
	-e 's|^ProtectHome=.*|ProtectHome=no|' "$SRC/systemd/oomtool-watch.service.in" >"$UNIT"
systemctl daemon-reload
since=$(date '+%Y-%m-%d %H:%M:%S')
systemctl start "$NAME" || { echo "FAIL: systemctl start"; exit 1; }
sleep 3
fails=0
systemctl is-active --quiet "$NAME" || { echo "FAIL: the service is not active"; fails=1; }
if ! journalctl -u "$NAME" --since "$since" --no-pager 2>/dev/null | grep -q 'oomtool watch: host: '; then
	echo "FAIL: the start-up report is not in the journal"
	journalctl -u "$NAME" --since "$since" --no-pager 2>/dev/null | sed 's/^/# /'
	fails=1
fi
[ "$fails" -eq 0 ] && echo "ok: the service runs the watcher"
[ "$fails" -eq 0 ]
