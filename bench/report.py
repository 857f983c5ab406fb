#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report.py RESULTS: bench/results.md from the rows of bench/lib.sh.
report.py --data RESULTS PREFIX: "name value" lines of the measured rows
of the first section whose title starts with PREFIX, smallest first (for
gnuplot).

RESULTS holds tab-separated records:
  machine KEY VALUE | section TITLE | row NAME VALUE UNIT REFERENCE
  note TEXT | target TEXT NAME LIMIT [OTHER]
  columns FIRST VALUE RATIO [percent]: the section's column titles (the
  default: program, value, ratio to nsinit); percent shows ratios as %
"""
import sys


def load(path):
    machine, sections = [], []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        kind, args = f[0], f[1:]
        if kind == "machine":
            machine.append(args)
        elif kind == "section":
            sections.append({"title": args[0], "rows": [], "notes": [],
                             "targets": [], "columns": None})
        elif kind == "columns":
            if not sections:
                sys.exit("report: columns before any section")
            sections[-1]["columns"] = args
        elif kind in ("row", "note", "target"):
            if not sections:
                sys.exit("report: %s before any section" % kind)
            sections[-1][kind + "s"].append(args)
    return machine, sections


def number(v):
    try:
        return float(v)
    except ValueError:
        return None


def show(v, unit):
    x = number(v)
    if x is None:
        return "—"
    if unit == "B":
        return "%s B (%.1f KiB)" % (format(int(x), ","), x / 1024)
    if unit == "ms":
        return "%.2f ms" % x
    if unit == "us":
        return "%s µs" % format(int(round(x)), ",")
    return "%s %s" % (format(int(x), ",") if x == int(x) else v, unit)


def table(s):
    values = {r[0]: number(r[1]) for r in s["rows"]}
    cols = s["columns"] or ["program", "value", "ratio to nsinit"]
    percent = len(cols) > 3 and cols[3] == "percent"
    out = ["| %s | %s | %s |" % tuple(cols[:3]), "|---|---:|---:|"]
    for name, v, unit, ref in s["rows"]:
        x, base = number(v), values.get(ref)
        if x is None or not base:
            ratio = "—" if ref != "-" else ""
        elif name == ref:
            ratio = "100 %" if percent else "1"
        elif percent:
            ratio = "%.1f %%" % (100 * x / base)
        else:
            ratio = "%.2f×" % (x / base)
        label = "**%s**" % name if name == "nsinit" else name
        out.append("| %s | %s | %s |" % (label, show(v, unit), ratio))
    lines = out + [""]
    if s["targets"]:
        for text, name, limit, *other in s["targets"]:
            other = other[0] if other and other[0] else None
            x = values.get(name)
            bound = (float(limit) * values[other] if values.get(other) else None) \
                if other else float(limit)
            unit = next((r[2] for r in s["rows"] if r[0] == name), "")
            if x is None or bound is None:
                verdict = "not measured"
            else:
                verdict = "%s: %s, limit %s" % (
                    "met" if x <= bound else "**missed**", show(x, unit),
                    show(bound, unit))
            lines.append("- Target %s — %s" % (text, verdict))
        lines.append("")
    for (text,) in s["notes"]:
        lines.append("- %s" % text)
    return "\n".join(lines).rstrip() + "\n"


def report(path):
    machine, sections = load(path)
    print("# nsinit against its peers\n")
    print("Written by `make bench` (bench/run.sh): one run, all programs "
          "side by side on the same machine. Targets are reported, not "
          "asserted.\n")
    print("| machine | |\n|---|---|")
    for key, value in machine:
        print("| %s | %s |" % (key, value))
    for s in sections:
        print("\n## %s\n" % s["title"])
        print(table(s), end="")


def data(path, prefix):
    _, sections = load(path)
    for s in sections:
        if s["title"].startswith(prefix):
            rows = [(number(v), n) for n, v, _, _ in s["rows"]
                    if number(v) is not None]
            for v, n in sorted(rows):
                print('"%s" %s' % (n, v))
            return


if __name__ == "__main__":
    if sys.argv[1] == "--data":
        data(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[1])
