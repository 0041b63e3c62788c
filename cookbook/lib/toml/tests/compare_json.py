#!/usr/bin/env python3
"""Compares toml-decode's JSON with toml-test's expected JSON, semantically.

Reads lines "EXPECTED ACTUAL NAME" on stdin and prints "ok NAME" or "FAIL NAME: reason" for
each. Objects compare without order, integers and floats by value (nan equals nan), date-times
by the instant or fields they denote, strings and booleans exactly.
"""
import json
import math
import re
import sys
from datetime import datetime, timedelta, timezone

DATE = r"(\d{4})-(\d{2})-(\d{2})"
TIME = r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
OFFSET = r"([Zz]|[+-]\d{2}:\d{2})"
PATTERNS = {
    "datetime": re.compile(f"^{DATE}[Tt ]{TIME}{OFFSET}$"),
    "datetime-local": re.compile(f"^{DATE}[Tt ]{TIME}$"),
    "date-local": re.compile(f"^{DATE}$"),
    "time-local": re.compile(f"^{TIME}$"),
}


def fraction(digits):
    return (digits or "").rstrip("0")


def datetime_key(kind, text):
    m = PATTERNS[kind].match(text)
    if not m:
        raise ValueError(f"malformed {kind} {text!r}")
    g = m.groups()
    if kind == "date-local":
        return tuple(int(x) for x in g)
    if kind == "time-local":
        return tuple(int(x) for x in g[:3]) + (fraction(g[3]),)
    fields = tuple(int(x) for x in g[:6])
    if kind == "datetime-local":
        return fields + (fraction(g[6]),)
    offset = g[7]
    if offset in ("Z", "z"):
        delta = timedelta(0)
    else:
        sign = -1 if offset[0] == "-" else 1
        delta = sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
    instant = datetime(*fields, tzinfo=timezone(delta)).astimezone(timezone.utc)
    return (instant.replace(tzinfo=None).isoformat(), fraction(g[6]))


def is_scalar(value):
    return (isinstance(value, dict) and set(value) == {"type", "value"}
            and isinstance(value["type"], str) and isinstance(value["value"], str))


def scalar_equal(expected, actual):
    kind = expected["type"]
    if actual["type"] != kind:
        return False
    e, a = expected["value"], actual["value"]
    if kind == "integer":
        return int(e) == int(a)
    if kind == "float":
        fe, fa = float(e), float(a)
        return (math.isnan(fe) and math.isnan(fa)) or fe == fa
    if kind in PATTERNS:
        return datetime_key(kind, e) == datetime_key(kind, a)
    return e == a


def difference(expected, actual, path="$"):
    """None when equal, else where and how the two differ."""
    if is_scalar(expected) or is_scalar(actual):
        if not (is_scalar(expected) and is_scalar(actual)):
            return f"{path}: expected {expected!r}, got {actual!r}"
        if not scalar_equal(expected, actual):
            return f"{path}: expected {expected!r}, got {actual!r}"
        return None
    if isinstance(expected, dict) and isinstance(actual, dict):
        if set(expected) != set(actual):
            return (f"{path}: keys differ: missing {sorted(set(expected) - set(actual))!r}, "
                    f"unexpected {sorted(set(actual) - set(expected))!r}")
        for key in expected:
            found = difference(expected[key], actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = difference(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    return f"{path}: expected {expected!r}, got {actual!r}"


def main():
    status = 0
    for line in sys.stdin:
        expected_path, actual_path, name = line.rstrip("\n").split(" ", 2)
        try:
            with open(expected_path, encoding="utf-8") as f:
                expected = json.load(f)
            with open(actual_path, encoding="utf-8") as f:
                actual = json.load(f)
            found = difference(expected, actual)
        except (ValueError, OSError) as e:
            found = str(e)
        if found:
            print(f"FAIL {name}: {found}")
            status = 1
        else:
            print(f"ok {name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
