#!/usr/bin/env python3
"""Compare two result files number by number (CSV or whitespace tables, .pvd lists).

Usage: compare_numeric.py A B RTOL [--skip-column N]...

Every token that parses as a number must agree within RTOL relative (|a - b| <= RTOL
max(|a|, |b|)); every other token must be equal. --skip-column N (1-based, whitespace tables)
ignores a column such as a wall time. Prints the largest relative difference; exit status 1 if a
difference is larger than RTOL or the files differ in shape.
"""
import re
import sys


def tokens(line):
    return [t for t in re.split(r"[,\s]+", line.strip()) if t != ""]


def number(t):
    try:
        return float(t)
    except ValueError:
        return None


def main():
    a_path, b_path, rtol = sys.argv[1], sys.argv[2], float(sys.argv[3])
    skip = set()
    args = sys.argv[4:]
    while args:
        if args[0] == "--skip-column":
            skip.add(int(args[1]) - 1)
            args = args[2:]
        else:
            sys.exit("unknown argument " + args[0])
    a_lines = open(a_path).read().splitlines()
    b_lines = open(b_path).read().splitlines()
    if len(a_lines) != len(b_lines):
        print(f"{b_path}: {len(b_lines)} lines, {a_path}: {len(a_lines)}")
        return 1
    worst, where = 0.0, ""
    for n, (la, lb) in enumerate(zip(a_lines, b_lines), 1):
        ta, tb = tokens(la), tokens(lb)
        if len(ta) != len(tb):
            print(f"{b_path}:{n}: {len(tb)} fields, {a_path}: {len(ta)}")
            return 1
        if la.lstrip().startswith("#This file was generated"):
            continue  # deal.II's date stamp in .pvd files
        commented = la.lstrip().startswith("#")
        for k, (x, y) in enumerate(zip(ta, tb)):
            if k in skip and not commented:
                continue
            u, v = number(x), number(y)
            if u is None or v is None:
                if x != y:
                    print(f"{b_path}:{n}: '{y}' where {a_path} has '{x}'")
                    return 1
                continue
            scale = max(abs(u), abs(v))
            d = abs(u - v) / scale if scale > 0 else 0.0
            if d > worst:
                worst, where = d, f"line {n}, field {k + 1}: {x} vs {y}"
    print(f"{b_path}: largest relative difference {worst:.3e}" + (f" ({where})" if where else ""))
    return 0 if worst <= rtol else 1


if __name__ == "__main__":
    sys.exit(main())
