#!/bin/bash
# The man pages render without a warning, with man-db and with groff, and
# say the VERSION file's version.
set -uo pipefail
cd "$(dirname "$0")/.."
version=$(cat VERSION)
bad=0
n=0
for f in man/*.[1-8]; do
	n=$((n + 1))
	out=$(MANWIDTH=80 man --warnings -l "$f" 2>&1 >/dev/null)
	out+=$(groff -ww -man -z "$f" 2>&1 | sed 's/^/\n/')
	if [ -n "$out" ]; then
		echo "$f: $out"
		bad=1
	fi
	if ! grep -q "^\.TH .* \"vgpu-display $version\"" "$f"; then
		echo "$f: its .TH line does not say vgpu-display $version"
		bad=1
	fi
done
[ $n -gt 0 ] || { echo "man: no man pages in man/"; exit 1; }
[ $bad -eq 0 ] && echo "man: $n pages render cleanly"
