#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/layers.sh OBJDIR: the tree's layers, checked from the objects
# `make layers` compiled into OBJDIR (each source file alone, no LTO, its
# headers in OBJDIR/FILE.d), and its stage tables, from init.c. From the
# top down:
#   init.c                 which situation, the tables, supervision
#   stages/launcher/, stages/container/, stages/boot/   one situation each
#   stages/                what several situations share
#   lib/                   what knows no configuration
# Rules, each violation one line, exit 1 if any:
#   - a file calls functions (and reads data) of its own level or below:
#     nothing calls into init.c, no situation folder into another, the
#     shared stages into no situation folder, lib/ into no stages/;
#   - it includes headers likewise (lib/ no stages/ header, ...);
#   - no two files of stages/ call each other, directly or round a circle;
#   - a row of a stage table runs stage_ROW (edit_ROW for an .edit), or,
#     where another table has a ROW of its own, stage_TABLE_ROW with the
#     first word of the table's name (machine_setup's "mounts":
#     stage_machine_mounts); '-' in ROW as '_'; no two rows of one table
#     share a name (it labels the row's lines).
set -u
dir=${1:?usage: tests/layers.sh OBJDIR}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"
NM=${NM:-nm}
bad=0

say() {
	echo "layers: $*"
	bad=1
}

# level FILE: "N GROUP": 3 init.c, 2 a situation folder (GROUP its name),
# 1 stages/, 0 lib/; nothing for a file outside them (config.h, libc).
level() {
	case $1 in
	init.c) echo "3 init" ;;
	stages/*/*) local g=${1#stages/}; echo "2 ${g%%/*}" ;;
	stages/*) echo "1 stages" ;;
	lib/*) echo "0 lib" ;;
	esac
}

# allowed FROM TO: whether FROM may use what TO defines.
allowed() {
	local a b
	read -r -a a <<<"$(level "$1")"
	read -r -a b <<<"$(level "$2")"
	[ ${#b[@]} = 0 ] || [ "${b[0]}" -lt "${a[0]}" ] ||
		{ [ "${b[0]}" = "${a[0]}" ] && [ "${b[1]}" = "${a[1]}" ]; }
}

srcs=$(cd "$dir" && find . -name '*.o' | sed 's|^\./||; s|\.o$|.c|' | sort)
[ -n "$srcs" ] || { echo "layers: no objects in $dir"; exit 1; }

# SYMBOL FILE for each global definition, FILE SYMBOL for each use
defs=$(for f in $srcs; do
	$NM -g --defined-only "$dir/${f%.c}.o" | awk -v f="$f" 'NF == 3 { print $3, f }'
done | sort -k1,1)
uses=$(for f in $srcs; do
	$NM -u "$dir/${f%.c}.o" | awk -v f="$f" '{ print $2, f }'
done | sort -k1,1)
# FROM TO SYMBOL: each call (or read) of one file into another
edges=$(join <(echo "$uses") <(echo "$defs") | awk '$2 != $3 { print $2, $3, $1 }' |
	sort -u)

while read -r from to sym; do
	[ -n "$from" ] || continue
	allowed "$from" "$to" || say "$from uses $sym of $to: up or sideways"
done <<<"$edges"

# the headers each file includes, as the compiler found them
for f in $srcs; do
	sed 's/\\$//' "$dir/${f%.c}.d" | tr ' ' '\n' | grep '\.h$' |
		sed "s|^$TOP/||" | sort -u | while read -r h; do
		allowed "$f" "$h" || echo "layers: $f includes $h: up or sideways"
	done
done | grep . && bad=1

# circles between the files of stages/: strongly connected parts of the
# graph of their calls, found by python (Tarjan's)
circles=$(awk '$1 ~ /^stages\// && $2 ~ /^stages\// { print $1, $2 }' <<<"$edges" |
	sort -u | python3 -c '
import sys
g = {}
for line in sys.stdin:
    a, b = line.split()
    g.setdefault(a, set()).add(b)
    g.setdefault(b, set())
index, low, stack, on, n = {}, {}, [], set(), [0]
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1
    stack.append(v); on.add(v)
    for w in sorted(g[v]):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        part = []
        while True:
            w = stack.pop(); on.discard(w); part.append(w)
            if w == v:
                break
        if len(part) > 1:
            print(" ".join(sorted(part)))
for v in sorted(g):
    if v not in index:
        visit(v)
')
while read -r part; do
	[ -n "$part" ] || continue
	say "a circle of calls: $part"
	for f in $part; do
		awk -v f="$f" -v part=" $part " '$1 == f && index(part, " " $2 " ") {
			print "layers:   " $1 " -> " $2 ": " $3 }' <<<"$edges"
	done
done <<<"$circles"

# the rows of init.c's tables: { "name", function } or { "name", .edit =
# function }; the table's word is the first of its name (machine_setup:
# machine)
for t in $(sed -n 's/^static const struct stage \([a-z_]*\)\[\] = {$/\1/p' init.c); do
	rows=$(sed -n "/^static const struct stage $t\[\] = {/,/^};/p" init.c |
		sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", *\(\.edit = \)\{0,1\}\([a-z_]*\).*/\1 \2\3/p')
	[ -n "$rows" ] || say "init.c: table $t: no rows found"
	dup=$(awk '{ print $1 }' <<<"$rows" | sort | uniq -d)
	[ -z "$dup" ] || say "init.c: table $t: two rows named" $dup
	while read -r name fn; do
		pre=stage
		[ "${fn#.edit = }" = "$fn" ] || { pre=edit; fn=${fn#.edit = }; }
		case $fn in
		"${pre}_${name//-/_}" | "${pre}_${t%%_*}_${name//-/_}") ;;
		*) say "init.c: table $t: row \"$name\" runs $fn" ;;
		esac
	done <<<"$rows"
done

[ "$bad" = 0 ] && echo "layers: ok ($(wc -w <<<"$srcs") files)"
exit "$bad"
