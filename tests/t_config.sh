# SPDX-License-Identifier: MIT
# A field of struct config (or of its struct boot) cannot be half-added:
# --print-config shows it and nsinit.conf(5), the one reference, documents
# it with a default and an example. Read from the sources, since a
# forgotten field changes no behaviour.

NSINIT_H=$TOP/stages/nsinit.h	# struct config, struct boot
PRINT_C=$TOP/stages/print.c	# print_config: c is the config, b its boot

# Fields print.c shows through a function of another file that reads them:
# the field, then the function print.c calls.
declare -A SHOWN_BY=(
	[ncaps]=caps_list
	[masked_paths]=masked_paths
	[readonly_paths]=readonly_paths
	[nseccomp_deny]=seccomp_list
)

# fields STRUCT: the member names of struct STRUCT in $NSINIT_H, one a line
# (`size_t uid_maps, gid_maps;` gives both).
fields() {
	local decl part first
	sed -n "/^struct $1 {/,/^};/p" "$NSINIT_H" | sed '1d;$d' | tr '\n' ' ' |
		sed 's|/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/| |g' | tr ';' '\n' |
	while read -r decl; do
		[ -n "$decl" ] || continue
		first=1
		while IFS= read -r -d , part; do
			part=${part%%[*}		# an array's size
			part=${part//\*/ }
			[ -z "$first" ] || part=${part##* }	# the type before it
			part=${part// /}
			first=
			[ -z "$part" ] || echo "$part"
		done <<<"$decl,"
	done
}

# config_fields: FIELDS, "FIELD" for struct config and ".boot.FIELD" for
# struct boot; fails if the parse missed fields known to be there.
config_fields() {
	local f
	mapfile -t FIELDS < <(fields config; fields boot | sed 's/^/.boot./')
	for f in rootfs uid_map gid_map uid_maps gid_maps ambient_caps \
		nseccomp_deny .boot.modules .boot.verbose; do
		[[ " ${FIELDS[*]} " == *" $f "* ]] ||
			fail "parsing $NSINIT_H: $f not found in: ${FIELDS[*]}"
	done
}

# fields_missing WHAT PRED: of FIELDS (config_fields, called first in the
# test's own shell, where its fail ends the test), those for which the
# function PRED FIELD fails, on one line, each also said on stderr as
# "not WHAT: FIELD".
fields_missing() {
	local f missing=''
	for f in "${FIELDS[@]}"; do
		"$2" "$f" && continue
		echo "not $1: $f" >&2
		missing+=" $f"
	done
	echo "$missing"
}

# a field is shown when print.c reads it, or calls the function that does
shown_by_print_c() {
	local name fn
	case $1 in
	.boot.*) name=${1#.boot.}
		grep -Eq "\b(b->|c->boot\.)$name\b" "$PRINT_C" ;;
	*) grep -Eq "\bc->$1\b" "$PRINT_C" && return
		fn=${SHOWN_BY[$1]:-}
		[ -n "$fn" ] && grep -Eq "\b$fn\(c\b" "$PRINT_C" ;;
	esac
}

test_every_config_field_is_shown_by_print_config() {
	local missing
	config_fields
	missing=$(fields_missing "shown by --print-config (${PRINT_C#"$TOP"/})" shown_by_print_c)
	[ -z "$missing" ] || fail "fields not shown by --print-config:$missing"
}

MAN_DIR=$TOP/doc	# nsinit.conf.5

# man_fields: the words of nsinit.conf(5)'s tag lines (the line after each
# .TP), one a line, without the macro, quotes and commas: ".rootfs",
# ".boot.modules", ...
man_fields() {
	awk 'tag { sub(/^\.[A-Z]+[ \t]*/, ""); gsub(/[",]/, " ");
		   n = split($0, w, /[ \t]+/);
		   for (i = 1; i <= n; i++) if (w[i] != "") print w[i] }
	     { tag = ($0 == ".TP") }' "$MAN_DIR/nsinit.conf.5"
}

# a field's tag in nsinit.conf(5) starts with its dot: ".rootfs"
in_man_tags() {
	local f=$1
	[[ $f == .* ]] || f=.$f
	grep -qxF -- "$f" <<<"$tags"
}

test_every_config_field_is_in_the_man_page() {
	local tags missing
	tags=$(man_fields)
	[ -n "$tags" ] || fail "no tag lines in doc/nsinit.conf.5"
	config_fields
	missing=$(fields_missing "in doc/nsinit.conf.5" in_man_tags)
	[ -z "$missing" ] || fail "fields not in nsinit.conf(5):$missing"
}

# Each entry says its default and gives an example (a field whose entry
# lost either is caught here, not by a reader).
test_every_man_page_entry_has_a_default_and_an_example() {
	local bad
	bad=$(awk '/^\.(SH|TP)/ { if (tag != "" && !(d && e)) print tag;
			  tag = ""; d = e = 0 }
		   t { tag = $0 }
		   { t = ($0 == ".TP") }
		   /^Default:/ { d = 1 } /^Example:/ { e = 1 }
		   END { if (tag != "" && !(d && e)) print tag }' \
		"$MAN_DIR/nsinit.conf.5")
	[ -z "$bad" ] || fail "entries without Default: or Example:: $bad"
}
