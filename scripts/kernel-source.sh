#!/bin/bash
# Unpack files of Debian's linux-source-6.1 (the source of the stock
# kernel) into build/linux-source, once. Usage: kernel-source.sh PATH...
# e.g. scripts/checkpatch.pl. Prints the directory they are under.
set -euo pipefail
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || {
	echo "kernel-source: no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1" >&2
	exit 1
}
dest=build/linux-source
mkdir -p "$dest"
missing=()
for f in "$@"; do
	[ -e "$dest/$f" ] || missing+=("linux-source-6.1/$f")
done
if [ ${#missing[@]} -gt 0 ]; then
	tar -xf "$tarball" -C "$dest" --strip-components=1 "${missing[@]}"
fi
echo "$dest"
