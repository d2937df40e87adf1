#!/bin/sh
# oomtool-watch.service as installed: in <prefix>/lib/systemd/system, ExecStart naming the
# installed binary with the options of OOMTOOL_WATCH_OPTS; `systemd-analyze verify` finds
# nothing wrong with it (skipped, loudly, where systemd-analyze is missing); and its ExecStart
# line starts the watcher, run here as systemd would (Environment=, then the environment
# file, $VAR split at whitespace). tests/live/watch-unit.sh starts the real service.
# Usage: watch-unit.sh OOMTOOL SOURCE_DIR BUILD_DIR   (CMAKE: the cmake of the build)
set -u
SRC=$2 BUILD=$3
CMAKE=${CMAKE:-cmake}
command -v "$CMAKE" >/dev/null 2>&1 || { echo "skip: no cmake to install with" >&2; exit 77; }
. "$SRC/tests/cli/systemd-exec.inc"
. "$2/tests/lib/tmp-dir.sh"   # it runs what it installs or builds there
TMP=$(tmp_dir_for oomtool-watch-unit exec "$3") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
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
UNIT=$P/$UNITDIR/oomtool-watch.service
[ -f "$UNIT" ] && ok "the unit in $UNITDIR" || { bad "no $UNITDIR/oomtool-watch.service"; exit 1; }
exec_start=$(sed -n 's/^ExecStart=//p' "$UNIT")
[ "$exec_start" = "$(unit_exec_path "$P/$BINDIR/oomtool") watch \$OOMTOOL_WATCH_OPTS" ] &&
	ok "ExecStart names the installed binary and \$OOMTOOL_WATCH_OPTS" ||
	bad "ExecStart is '$exec_start'"
grep -qx 'EnvironmentFile=-/etc/default/oomtool-watch' "$UNIT" &&
	ok "the options come from /etc/default/oomtool-watch" || bad "no EnvironmentFile"
grep -qx 'WantedBy=multi-user.target' "$UNIT" && ok "systemctl enable has a target" ||
	bad "no WantedBy"

if command -v systemd-analyze >/dev/null 2>&1; then
	# --man=no: the page is installed under the temporary prefix, not where man looks
	if systemd-analyze verify --man=no "$UNIT" >"$TMP/verify" 2>&1 && [ ! -s "$TMP/verify" ]; then
		ok "systemd-analyze verify: no complaint"
	else
		bad "systemd-analyze verify"; sed 's/^/  | /' "$TMP/verify"
	fi
else
	echo "SKIP: systemd-analyze is not installed: the unit's syntax is not checked" >&2
	echo "# SKIP systemd-analyze verify (not installed)"
fi

# what systemd would run: Environment= first, the environment file over it
printf 'OOMTOOL_WATCH_OPTS="--for 2s --no-kills --no-lock --interval 500ms"\n' >"$TMP/default"
default=$(sed -n 's/^Environment=OOMTOOL_WATCH_OPTS=//p' "$UNIT")
[ -z "$default" ] && ok "no options by default" || bad "default options '$default'"
# shellcheck disable=SC1091
OOMTOOL_WATCH_OPTS=$(. "$TMP/default"; printf '%s' "$OOMTOOL_WATCH_OPTS")
export OOMTOOL_WATCH_OPTS
run_exec_start "$exec_start" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^oomtool watch: host: MemAvailable + SwapFree; pressure: ' "$TMP/err"; then
	ok "ExecStart starts the watcher with the file's options (exit 0 after --for 2s)"
else
	bad "ExecStart: exit $rc"; sed 's/^/  | /' "$TMP/err"
fi
[ $fail -eq 0 ] && echo "the unit is sound"
exit $fail
