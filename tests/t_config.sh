# A field of struct config (or of its struct boot) cannot be half-added:
# --print-config shows it and the README's field table documents it.
# Read from the sources, since a forgotten field changes no behaviour.

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

# readme_fields: the field column of the table under "## Writing a config.h".
readme_fields() {
	awk '/^## / { sec = ($0 == "## Writing a config.h") }
	     sec && /^\| field \| meaning \|/ { tab = 1; next }
	     tab && !/^\|/ { exit }
	     tab { split($0, col, "|"); print col[2] }' "$TOP/README.md"
}

test_every_config_field_is_shown_by_print_config() {
	local f name fn missing=''
	config_fields
	for f in "${FIELDS[@]}"; do
		case $f in
		.boot.*) name=${f#.boot.}
			grep -Eq "\b(b->|c->boot\.)$name\b" "$PRINT_C" && continue ;;
		*) grep -Eq "\bc->$f\b" "$PRINT_C" && continue
			fn=${SHOWN_BY[$f]:-}
			[ -n "$fn" ] && grep -Eq "\b$fn\(c\b" "$PRINT_C" && continue ;;
		esac
		echo "not shown by --print-config (${PRINT_C#"$TOP"/}): $f" >&2
		missing+=" $f"
	done
	[ -z "$missing" ] || fail "fields not shown by --print-config:$missing"
}

test_every_config_field_is_in_the_readme_s_field_table() {
	local f table missing=''
	table=$(readme_fields)
	[ -n "$table" ] || fail "no field table under '## Writing a config.h' in README.md"
	config_fields
	for f in "${FIELDS[@]}"; do
		grep -qF -- "\`$f\`" <<<"$table" && continue
		echo "not in README.md's field table: $f" >&2
		missing+=" $f"
	done
	[ -z "$missing" ] || fail "fields not in README.md's field table:$missing"
}
