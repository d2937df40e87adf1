#!/bin/sh
# Live, as root, on this kernel: fill the page cache with a file, then oomtool tune
# drop-caches: it syncs, drops, and Cached falls by most of the file; the report says why
# this is temporary. Removes its file (trap).
# Usage: tune-drop-caches.sh OOMTOOL SOURCE_DIR BUILD_DIR
set -u
OOMTOOL=$1
[ "$(id -u)" -eq 0 ] || { echo "skip: needs root" >&2; exit 77; }
[ -w /proc/sys/vm/drop_caches ] || { echo "skip: no writable drop_caches" >&2; exit 77; }
command -v python3 >/dev/null || { echo "skip: needs python3" >&2; exit 77; }
MB=256
TMP=$(mktemp -d "${TMPDIR:-/var/tmp}/oomtool-drop-live.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
case $(stat -f -c %T "$TMP") in
tmpfs | ramfs)
	echo "skip: $TMP is in RAM (its pages are not cache that can be dropped)" >&2
	exit 77 ;;
esac
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
[ "$avail" -gt $((MB * 4)) ] || { echo "skip: MemAvailable $avail MiB is too small" >&2; exit 77; }
fail=0

dd if=/dev/zero of="$TMP/fill" bs=1M count=$MB conv=fsync status=none || exit 1
cat "$TMP/fill" >/dev/null
"$OOMTOOL" tune drop-caches pagecache -y -J >"$TMP/out" 2>"$TMP/err" </dev/null
rc=$?
[ $rc -eq 0 ] || { echo "FAIL - exit $rc"; cat "$TMP/err"; exit 1; }
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
mb = int(sys.argv[2])
kinds = [s["kind"] for s in d["steps"]]
assert kinds == ["sync", "drop"], kinds
assert all(s["status"] == "done" for s in d["steps"]), d["steps"]
b, a = d["before"], d["after"]
for k in ("mem_available_bytes", "cached_bytes", "buffers_bytes", "sreclaimable_bytes"):
    assert isinstance(b[k], int) and isinstance(a[k], int), (k, b, a)
fell = d["freed"]["cached_bytes"]
# others may fill the cache meanwhile: most of the file is enough
if fell < mb * (1 << 20) // 2:
    print("FAIL - Cached fell by %d bytes only (before %d, after %d)"
          % (fell, b["cached_bytes"], a["cached_bytes"]))
    sys.exit(1)
print("ok - Cached fell by %d MiB (the file: %d MiB), sync took %d ms"
      % (fell >> 20, mb, d["sync_usec"] // 1000))
' "$TMP/out" "$MB" || fail=1
cat "$TMP/fill" >/dev/null
"$OOMTOOL" tune drop-caches -y >"$TMP/out" 2>"$TMP/err" </dev/null || { echo "FAIL - text run"; fail=1; }
if grep -q "This is temporary" "$TMP/out" && grep -q "^  Cached" "$TMP/out"; then
	echo "ok - the report and why it is temporary"
else
	echo "FAIL - report"
	cat "$TMP/out"
	fail=1
fi
exit $fail
