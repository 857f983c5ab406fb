#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""stages.py TIMELINE RESULTS SVG: the per-step breakdown of a start.

TIMELINE is bench/timeline's output for runs of a `make TIMINGS=1` nsinit
(lib/lap.h lines between "start T" and "end T"). Every line ends a step at
its end=T; sorted by end, the steps of the launcher, of the container's
init and of the appliance follow one another (each waits for the other:
the go, the fork, the reaping), so each step is the time from the end
before it to its own: no time counted twice, none left out, from the
caller's fork to its wait's return. Appends to RESULTS (bench/lib.sh's
records) one row per step, the median of its runs in microseconds, against
the median whole run; writes the chart SVG, steps in order, a bar each.
"""
import re
import statistics
import sys

LINE = re.compile(r"^nsinit-time: (\S+) (\S+?)(?:=\d+us)? end=(\d+)us$")

# (where, name, occurrence) -> label; others are "where: name"
LABELS = {
    ("launcher", "main", 1): "exec of init by the caller, musl's start",
    ("launcher", "main", 2): "launcher: sealed memfd copy, re-exec",
    ("launcher", "config", 1): "launcher: config check, close_range, seal check",
    ("launcher", "signals", 1): "launcher: signal mask, signalfd",
    ("launcher", "clone", 1): "launcher: clone3 into the namespaces",
    ("launcher", "net", 1): "launcher: host side of the network",
    ("launcher", "maps", 1): "launcher: uid/gid maps",
    ("launcher", "go", 1): "launcher: go on the sync pipe",
    ("init", "go", 1): "init: woken by the go",
    ("init", "fork", 1): "init: fork of the appliance",
    ("appliance", "caps", 1): "appliance: caps (bounding set)",
    ("appliance", "caps-sets", 1): "appliance: caps-sets (sets, ambient)",
    ("init", "appliance", 1): "exec of /bin/true, its run and exit, reaped",
    ("init", "exit", 1): "init: drain, exit",
    ("launcher", "wait", 1): "namespaces torn down, launcher woken",
    ("launcher", "net-down", 1): "launcher: network down",
    ("launcher", "cgroup-rm", 1): "launcher: cgroup removed",
    ("end", "", 1): "launcher's exit, the caller's wait",
}
# the colour of a step by the process it runs in; what follows the
# appliance's exec is the end of the container
PHASES = [("launcher", "#4477aa"), ("init", "#cc5522"),
          ("appliance", "#228833"), ("end", "#999999")]
END_KEYS = {("init", "appliance"), ("init", "exit"), ("launcher", "wait"),
            ("launcher", "net-down"), ("launcher", "cgroup-rm"), ("end", "")}


def runs(path):
    run = None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("start "):
            run = {"t0": int(line.split()[1]), "ev": []}
        elif line.startswith("end ") and run is not None:
            run["t1"] = int(line.split()[1])
            yield run
            run = None
        elif run is not None:
            m = LINE.match(line)
            if m:
                run["ev"].append((int(m.group(3)), m.group(1), m.group(2)))


def segments(run):
    seen, out, prev = {}, [], run["t0"]
    for end, where, name in sorted(run["ev"]) + [(run["t1"], "end", "")]:
        n = seen[(where, name)] = seen.get((where, name), 0) + 1
        out.append(((where, name, n), end - prev, end - run["t0"]))
        prev = end
    return out


def phase(key):
    where, name, _ = key
    if (where, name) in END_KEYS:
        return "end"
    return "init" if where in ("setup", "init") else where


def label(key):
    return LABELS.get(key, "%s: %s" % (key[0], key[1]))


def main(timeline, results, svg):
    dur, at, totals = {}, {}, []
    for r in runs(timeline):
        totals.append(r["t1"] - r["t0"])
        for key, d, e in segments(r):
            dur.setdefault(key, []).append(d)
            at.setdefault(key, []).append(e)
    if not totals:
        sys.exit("stages.py: no run in %s" % timeline)
    n = len(totals)
    # steps in the order they end, as a run has them; those seen in most
    # runs only (a step missing from a run would shift the others)
    keys = sorted((k for k in dur if len(dur[k]) * 2 > n),
                  key=lambda k: statistics.median(at[k]))
    med = {k: statistics.median(dur[k]) for k in keys}
    total = statistics.median(totals)
    with open(results, "a") as f:
        f.write("row\twhole start, timings build\t%d\tus\twhole start, timings build\n" % total)
        for k in keys:
            f.write("row\t%s\t%d\tus\twhole start, timings build\n"
                    % (label(k), med[k]))
        f.write("note\tThe sum of the steps' medians is %d µs against the "
                "whole's median of %d µs over %d runs (on a busy machine a "
                "wait for a CPU falls on a different step each run, and a "
                "step's median leaves it out).\n"
                % (sum(med.values()), total, n))
    draw(svg, [(label(k), med[k], phase(k)) for k in keys], total, n)


def draw(path, bars, total, n):
    colour = dict(PHASES)
    # steps under 1 % of the start are one bar together
    small = [b for b in bars if b[1] < total / 100]
    bars = [b for b in bars if b[1] >= total / 100]
    if small:
        bars.append(("%d other steps, under 1 %% each" % len(small),
                     sum(b[1] for b in small), "other"))
    colour["other"] = "#dddddd"
    left, width, h, top = 330, 640, 18, 48
    scale = (width - left - 90) / max(b[1] for b in bars)
    height = top + h * len(bars) + 40
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="12">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="20" text-anchor="middle" font-size="14">'
           'Where a start of /bin/true spends its time (median µs, %d runs)'
           '</text>' % (width / 2, n),
           '<text x="%d" y="36" text-anchor="middle" fill="#555">'
           'whole start %d µs (timings build); colour: the process it runs in'
           '</text>' % (width / 2, total)]
    for i, (name, v, ph) in enumerate(bars):
        y = top + i * h
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 6, y + 13, esc(name)))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                   % (left, y + 2, max(v * scale, 1), h - 4, colour[ph]))
        out.append('<text x="%.1f" y="%d">%d (%.0f %%)</text>'
                   % (left + v * scale + 4, y + 13, v, 100 * v / total))
    y = top + h * len(bars) + 20
    x = left
    for ph, name in [("launcher", "launcher"), ("init", "container's init"),
                     ("appliance", "appliance's process"),
                     ("end", "the end")]:
        out.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>'
                   '<text x="%d" y="%d">%s</text>'
                   % (x, y, colour[ph], x + 14, y + 10, name))
        x += 22 + 7 * len(name)
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    main(*sys.argv[1:4])
