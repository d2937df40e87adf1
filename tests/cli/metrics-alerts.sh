#!/bin/sh
# The alert rules of prometheus/oomtool-alerts.yml: promtool check rules accepts them, every
# oomtool metric they use is one oomtool metrics writes (documented in oomtool-metrics(8)),
# and promtool test rules runs prometheus/oomtool-alerts.test.yml, which makes each alert
# fire (and not fire) on series as oomtool metrics and node_exporter write them. Skips (77,
# loudly) without promtool (Debian: prometheus; .ci/deps.sh installs it).
# Usage: metrics-alerts.sh OOMTOOL SOURCE_DIR [BUILD_DIR]
set -u
SRC=$2
command -v promtool >/dev/null 2>&1 || {
	echo "SKIP: promtool is not installed (Debian: prometheus)" >&2
	exit 77
}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/oomtool-alerts.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "FAIL $n - $1"; fail=1; }
RULES=$SRC/prometheus/oomtool-alerts.yml
TESTS=$SRC/prometheus/oomtool-alerts.test.yml

if promtool check rules "$RULES" >"$TMP/check" 2>&1; then
	ok "promtool check rules: $(grep -o '[0-9]* rules found' "$TMP/check")"
else
	bad "promtool check rules"; sed 's/^/  | /' "$TMP/check"
fi
grep -o 'oomtool_[a-z_]*' "$RULES" | sort -u >"$TMP/used"
missing=
while read -r m; do
	grep -q "^\.B[R]* $m\b" "$SRC/docs/oomtool-metrics.8" ||
		grep -q "^\.BR [a-z_]* \", \" $m$" "$SRC/docs/oomtool-metrics.8" || missing="$missing $m"
done <"$TMP/used"
[ -z "$missing" ] && ok "every metric the rules use is documented ($(wc -l <"$TMP/used"))" ||
	bad "undocumented metrics in the rules:$missing"
for alert in OOMKill OOMKillUnlogged CgroupMemoryNearLimit MemoryPressureHigh OOMExpectedSoon; do
	grep -q "alertname: $alert$" "$TESTS" && ok "$alert has a test" || bad "$alert is not tested"
done
# promtool resolves rule_files next to the test file
if (cd "$SRC/prometheus" && promtool test rules oomtool-alerts.test.yml) >"$TMP/test" 2>&1; then
	ok "promtool test rules: every alert fires when it should, and only then"
else
	bad "promtool test rules"; sed 's/^/  | /' "$TMP/test"
fi
[ $fail -eq 0 ] && echo "the alert rules are sound"
exit $fail
