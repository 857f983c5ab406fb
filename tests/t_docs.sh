# SPDX-License-Identifier: MIT
# The user documents: the man pages of doc/ (the reference, what make
# install installs), the README, the guides of doc/ and bench/README.md.
# What is in them is checked where it is made (tests/t_config.sh: every
# field in nsinit.conf(5)); here, that they render, that their links lead
# somewhere, and that they speak to users.

DOC_DIR=$TOP/doc	# nsinit.8, nsinit.conf.5, the guides

# user_docs: the Markdown documents, one path a line, relative to $TOP.
user_docs() {
	(cd "$TOP" && ls README.md doc/*.md bench/README.md)
}

# mandoc -T lint (Debian's mandoc, in make deps) finds nothing, not even a
# style warning, and the pages' version is the Makefile's.
test_the_man_pages_pass_mandoc_lint() {
	local out version f
	command -v mandoc >/dev/null || fail "mandoc is missing (make deps)"
	out=$(mandoc -T lint -W style "$DOC_DIR"/nsinit.8 \
		"$DOC_DIR"/nsinit.conf.5 2>&1) || fail "mandoc -T lint: $out"
	[ -z "$out" ] || fail "mandoc -T lint: $out"
	version=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
	for f in nsinit.8 nsinit.conf.5; do
		grep -q "^\.TH .* \"nsinit $version\"" "$DOC_DIR/$f" ||
			fail "$f: .TH does not say nsinit $version"
	done
}

# man(1) renders both pages on an 80-column terminal without a warning
# of groff's (a line it cannot adjust, an unknown escape).
test_the_man_pages_render_without_warnings() {
	local f out
	command -v man >/dev/null || skip "no man (man-db)"
	for f in nsinit.8 nsinit.conf.5; do
		out=$(MANWIDTH=80 man --warnings -l "$DOC_DIR/$f" 2>&1 >/dev/null)
		[ -z "$out" ] || fail "man --warnings -l doc/$f: $out"
	done
}

# Every relative link of the README, the guides and bench/README.md leads
# to a file or directory of the tree, and a #section of a Markdown file to
# one of its headings (GitHub's anchors: lower case, punctuation but - and
# _ dropped, blanks as -). Links to other sites are not followed.
test_every_relative_link_of_the_readme_and_the_guides_leads_somewhere() {
	local docs broken
	mapfile -t docs < <(user_docs)
	[ "${#docs[@]}" -ge 6 ] || fail "too few documents: ${docs[*]}"
	broken=$(cd "$TOP" && python3 - "${docs[@]}" <<-'PY'
	import os, re, sys
	def anchors(path):
	    text = re.sub(r'^```.*?^```', '', open(path).read(), flags=re.M | re.S)
	    out = set()
	    for h in re.findall(r'^#+\s+(.*?)\s*$', text, re.M):
	        a = re.sub(r'[^\w\- ]', '', h.replace('`', '').lower()).replace(' ', '-')
	        out.add(a)
	    return out
	for doc in sys.argv[1:]:
	    text = re.sub(r'^```.*?^```', '', open(doc).read(), flags=re.M | re.S)
	    text = re.sub(r'`[^`\n]*`', '', text)
	    for target in re.findall(r'\]\(([^)\s]+)\)', text):
	        if re.match(r'[a-z]+:', target):
	            continue
	        path, _, anchor = target.partition('#')
	        full = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
	        if not os.path.exists(full):
	            print(f"{doc}: {target}: no {full}")
	        elif anchor and full.endswith('.md') and anchor not in anchors(full):
	            print(f"{doc}: {target}: no heading #{anchor} in {full}")
	PY
	) || fail "the link check failed: $broken"
	[ -z "$broken" ] || fail "links that lead nowhere:"$'\n'"$broken"
}

# Users read these: no issue numbers, nothing of how the project is run.
test_no_user_document_speaks_of_how_the_project_is_run() {
	local found
	found=$(cd "$TOP" && grep -niE \
		'issue[ #]*[0-9]|issue'"'"'s|this round|targets? (missed|met)|\*\*missed\*\*|\bCEO\b|facts\.md' \
		$(user_docs) doc/nsinit.8 doc/nsinit.conf.5) || :
	[ -z "$found" ] || fail "project-internal words:"$'\n'"$found"
}

# Every row of init.c's three tables is a label of console lines users
# match: nsinit(8)'s DIAGNOSTICS names each, in its table's order.
test_every_row_label_is_in_the_man_page_in_order() {
	local table rows text label at
	command -v man >/dev/null || skip "no man (man-db)"
	text=$(MANWIDTH=1000 man --nj --nh -l "$DOC_DIR/nsinit.8" 2>/dev/null |
		grep 'The labels of the rows' | sed 's/([^)]*)//g')
	[ -n "$text" ] || fail "nsinit(8) has no paragraph of the rows' labels"
	for table in setup machine_setup appliance; do
		rows=$(sed -n "/^static const struct stage $table\[\] = {/,/^};/p" \
			"$TOP/init.c" | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)".*/\1/p')
		[ -n "$rows" ] || fail "init.c: no table $table"
		at=$text
		for label in $rows; do
			case "$at" in
			*[\ ,]"$label"[\ ,\;.]*) at=${at#*[ ,]"$label"[ ,;.]} ;;
			*) fail "nsinit(8): row $label of $table missing or out of order" ;;
			esac
		done
	done
}
