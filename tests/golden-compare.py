#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare oomtool event JSON with a golden file, field by field: the one golden comparator,
used by the library path (tests/unit/test-parser-golden.c) and the command path
(tests/cli/golden.sh) alike.

usage: golden-compare.py EXPECTED.json ACTUAL.json [EXPECTED.json ACTUAL.json ...]

Every field present in EXPECTED must be present in ACTUAL with an equal value; fields
that EXPECTED leaves out are not checked, except "id" and "time", which every expected
event must state (null when the log has no wall time). Objects compare recursively, arrays
element by element and must have the same length. The number of events must match.
Events are paired by id (the first unpaired event with that id), so the library's log
order and scan-logs' time order both match one golden; an expected id that no event has
is compared with the event at its position.
Prints one line per difference, naming the event by its victim, and exits 1 if there is
any.
"""
import json
import sys

REQUIRED = ("id", "time")


def events(doc):
    if isinstance(doc, dict) and "events" in doc:
        return doc["events"]
    if isinstance(doc, list):
        return doc
    raise ValueError("no 'events' array")


def label(ev):
    """events[i] plus what tells the event apart in a log: killer, victim pid and comm."""
    if not isinstance(ev, dict):
        return ""
    victim = ev.get("victim") or {}
    parts = [str(ev.get("killer") or "")]
    if victim.get("pid") is not None:
        parts.append(f"pid {victim['pid']}")
    if victim.get("comm"):
        parts.append(f"({victim['comm']})")
    return " ".join(p for p in parts if p)


def same_value(exp, act):
    if isinstance(exp, bool) or isinstance(act, bool):
        return exp is act
    if isinstance(exp, (int, float)) and isinstance(act, (int, float)):
        return exp == act
    return type(exp) is type(act) and exp == act


def join(path, key):
    return f"{path}.{key}" if path else key


def compare(exp, act, path, out):
    """Differences of act from exp, one "path: what" line each, appended to out."""
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            out.append(f"{path}: expected an object, got {json.dumps(act)}")
            return
        for key, val in exp.items():
            if key not in act:
                out.append(f"{join(path, key)}: missing (expected {json.dumps(val)})")
            else:
                compare(val, act[key], join(path, key), out)
    elif isinstance(exp, list):
        if not isinstance(act, list):
            out.append(f"{path}: expected an array, got {json.dumps(act)}")
            return
        if len(exp) != len(act):
            out.append(f"{path}: expected {len(exp)} elements, got {len(act)}")
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, f"{path}[{i}]", out)
    elif not same_value(exp, act):
        out.append(f"{path}: expected {json.dumps(exp)}, got {json.dumps(act)}")


def compare_files(exp_path, act_path):
    with open(exp_path, encoding="utf-8") as f:
        exp = events(json.load(f))
    try:
        with open(act_path, encoding="utf-8", errors="surrogateescape") as f:
            act = events(json.load(f))
    except ValueError as e:
        return [f"actual output is not valid JSON: {e}"]
    out = []
    for i, e in enumerate(exp):
        missing = [k for k in REQUIRED if not isinstance(e, dict) or k not in e]
        if missing:
            out.append(f"events[{i}] {label(e)}: the golden must state {', '.join(missing)}")
    if len(exp) != len(act):
        out.append(f"event count: expected {len(exp)}, got {len(act)}")
        for name, evs in (("expected", exp), ("got", act)):
            for i, e in enumerate(evs):
                out.append(f"  {name} events[{i}]: {label(e)} at {json.dumps(e.get('time'))}")
    for i, (e, a) in enumerate(zip(exp, pair_by_id(exp, act))):
        diffs = []
        compare(e, a, "", diffs)
        out.extend(f"events[{i}] {label(e)}: {d}" for d in diffs)
    return out


def pair_by_id(exp, act):
    """act reordered to follow exp: each expected event takes the first unused actual event
    with its id, else the one at its own position (when that is unused)."""
    used = [False] * len(act)
    paired = [None] * len(exp)
    for i, e in enumerate(exp):
        eid = e.get("id") if isinstance(e, dict) else None
        for j, a in enumerate(act):
            if not used[j] and isinstance(a, dict) and eid is not None and a.get("id") == eid:
                paired[i], used[j] = a, True
                break
    for i in range(len(exp)):
        if paired[i] is None and i < len(act) and not used[i]:
            paired[i], used[i] = act[i], True
    for i in range(len(exp)):
        if paired[i] is None:
            j = used.index(False) if False in used else None
            paired[i] = act[j] if j is not None else {}
            if j is not None:
                used[j] = True
    return paired


def main(argv):
    if len(argv) < 3 or len(argv) % 2 != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = 0
    for exp_path, act_path in zip(argv[1::2], argv[2::2]):
        out = compare_files(exp_path, act_path)
        for line in out:
            print(f"{exp_path}: {line}")
        failed += 1 if out else 0
    if failed:
        print(f"golden-compare: {failed} of {(len(argv) - 1) // 2} cases differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
