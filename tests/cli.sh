#!/bin/bash
# vgpu-vmm's command line, on the host (no device needed): --version, the
# --ram forms, and usage errors of one line with exit status 2. Prints
# "ok - " and "not ok - " lines for tests/check.sh to count.
set -uo pipefail
cd "$(dirname "$0")/.."
vmm=${VMM:-build/bin/vgpu-vmm}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

check() {
	local name=$1
	shift
	if "$@"; then echo "ok - $name"; else echo "not ok - $name"; fi
}

# run ARGS...: vgpu-vmm's exit status in $rc, its stdout and stderr in files.
run() {
	"$vmm" "$@" >"$out/stdout" 2>"$out/stderr" </dev/null
	rc=$?
}

# usage_error ARGS...: exit status 2, nothing on stdout, and one line on
# stderr that says what was wrong and points at --help.
usage_error() {
	run "$@"
	[ $rc -eq 2 ] && [ ! -s "$out/stdout" ] && [ "$(wc -l <"$out/stderr")" -eq 1 ] &&
		grep -q "^vgpu-vmm: .*; try 'vgpu-vmm --help'$" "$out/stderr"
}

said() { grep -q -- "$1" "$out/stderr"; }

version=$(cat VERSION)
run --version
check "--version prints the VERSION file's version" \
	test $rc -eq 0 -a "$(cat "$out/stdout")" = "vgpu-vmm $version"
run -V
check "-V is --version" test $rc -eq 0 -a "$(cat "$out/stdout")" = "vgpu-vmm $version"
run --help
check "--help documents the short options and --version" \
	eval 'test $rc -eq 0 && grep -q -- "-u, --uuid" "$out/stdout" &&
	      grep -q -- "-r, --ram" "$out/stdout" && grep -q -- "-q, --quiet" "$out/stdout" &&
	      grep -q -- "-V, --version" "$out/stdout"'
# (tests/install.sh checks the installed header and pkg-config file.)
check "the header says the VERSION file's version" \
	test "$(sed -n "s/^#define VFIODISPLAY_VERSION_[A-Z]*[[:space:]]*\([0-9]*\)$/\1/p" \
		lib/vfiodisplay.h | paste -sd.)" = "$version"

# A well-formed --ram gets past option parsing to the script, which does
# not exist: exit 1 with the script's error, not a usage error.
for ram in 010 64M 64 1G 2048K 64MiB; do
	run --uuid x --ram "$ram" /nonexistent.vgs
	check "--ram $ram is understood" eval 'test $rc -eq 1 && said "cannot open script"'
done
for ram in x 0x40 -1 64x 0 5G 1025K ""; do
	check "--ram '$ram' is refused in one line" eval 'usage_error --uuid x --ram "$ram" &&
		said "^vgpu-vmm: --ram '"'$ram'"': "'
done
# --vnc reads a display number as QEMU's -vnc and vncviewer do; a port
# needs two colons. Off loopback it warns, before anything else happens.
for vnc in 127.0.0.1:0 :1 127.0.0.1::5900; do
	run --uuid x --vnc "$vnc" /nonexistent.vgs
	check "--vnc $vnc is understood, without a warning" eval 'test $rc -eq 1 &&
		said "cannot open script" && ! said "warning"'
done
for vnc in 5900 localhost:0 :59636 ::0 :x; do
	check "--vnc '$vnc' is refused in one line" eval 'usage_error --uuid x --vnc "$vnc" &&
		said "^vgpu-vmm: --vnc '"'$vnc'"': "'
done
run --uuid x --vnc 0.0.0.0:2 /nonexistent.vgs
check "--vnc 0.0.0.0:2 warns that port 5902 is open to all, without a password" \
	eval 'test $rc -eq 1 && said "warning: VNC on 0.0.0.0 has no password.*port 5902"'
check "--ram 5G says the range" eval 'usage_error --uuid x --ram 5G && said "from 1M to 4G"'
check "an unknown option is named" eval 'usage_error --bogus && said "unknown option --bogus"'
check "an unknown short option is named" eval 'usage_error -z && said "unknown option -z"'
check "a missing argument is named" eval 'usage_error --uuid && said "--uuid needs an argument"'
check "an argument to --version is refused" \
	eval 'usage_error --version=1 && said "--version takes no argument"'
check "no --uuid says so" eval 'usage_error /nonexistent.vgs && said "no --uuid"'
check "a second script is refused" eval 'usage_error --uuid x a.vgs b.vgs && said "not also '"'b.vgs'"'"'

# A vGPU that does not exist: one line that says what to do next.
run --uuid 00000000-0000-0000-0000-000000000000 /dev/null
check "a missing vGPU says what to do" eval 'test $rc -eq 1 &&
	test "$(wc -l <"$out/stderr")" -eq 1 && said "mdevctl start"'
