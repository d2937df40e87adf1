#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare oomtool scan-logs JSON with a golden file, field by field.

usage: golden-compare.py EXPECTED.json ACTUAL.json [EXPECTED.json ACTUAL.json ...]

Every field present in EXPECTED must be present in ACTUAL with an equal value; fields
that EXPECTED leaves out are not checked. Objects compare recursively, arrays element by
element and must have the same length. The number of events must match. Prints one line
per difference and exits 1 if there is any.
"""
import json
import sys


def events(doc):
    if isinstance(doc, dict) and "events" in doc:
        return doc["events"]
    if isinstance(doc, list):
        return doc
    raise ValueError("no 'events' array")


def compare(exp, act, path, out):
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            out.append(f"{path}: expected an object, got {json.dumps(act)}")
            return
        for key, val in exp.items():
            if key not in act:
                out.append(f"{path}.{key}: missing (expected {json.dumps(val)})")
            else:
                compare(val, act[key], f"{path}.{key}", out)
    elif isinstance(exp, list):
        if not isinstance(act, list):
            out.append(f"{path}: expected an array, got {json.dumps(act)}")
            return
        if len(exp) != len(act):
            out.append(f"{path}: expected {len(exp)} elements, got {len(act)}")
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, f"{path}[{i}]", out)
    elif exp != act or type(exp) is not type(act) and not (
            isinstance(exp, (int, float)) and isinstance(act, (int, float))
            and not isinstance(exp, bool) and not isinstance(act, bool)):
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
    if len(exp) != len(act):
        out.append(f"event count: expected {len(exp)}, got {len(act)}")
    for i, (e, a) in enumerate(zip(exp, act)):
        compare(e, a, f"events[{i}]", out)
    return out


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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
