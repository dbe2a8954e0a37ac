#!/bin/bash
# The installed library, on the host (no device needed): `make install
# DESTDIR=... PREFIX=/usr` into a scratch tree, a small program built
# against the installed header through the installed pkg-config file and
# run against the installed .so, the exported symbols and the soname, the
# ABI against lib/libvfio-display.abi (abidiff), then `make uninstall`,
# which must leave nothing behind; `make install-boot` and
# `make uninstall-boot` likewise; and `make modules_install` into a
# staging tree. Prints "ok - " and "not ok - " lines for tests/check.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
version=$(cat VERSION)
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
dest=$tmp/root
mkdir "$dest"

check() {
	local name=$1
	shift
	if "$@"; then echo "ok - $name"; else echo "not ok - $name"; fi
}

# make_quiet ARGS...: make, its output shown only when it fails.
make_quiet() {
	if ! make --no-print-directory "$@" >"$tmp/make.log" 2>&1; then
		sed 's/^/# /' "$tmp/make.log"
		return 1
	fi
}

check "make install DESTDIR=... PREFIX=/usr" make_quiet install DESTDIR="$dest" PREFIX=/usr
# What install put there, for uninstall to take back.
installed=$(cd "$dest" && find . ! -type d | sort)

multiarch=$(${CC:-cc} -print-multiarch 2>/dev/null)
libdir=/usr/lib${multiarch:+/$multiarch}
lib=$dest$libdir
check "the libraries are in $libdir: .so.$version, .so.2 and .so links to it, .a" eval \
	'test -f "$lib/libvfio-display.so.$version" && ! test -L "$lib/libvfio-display.so.$version" &&
	 test "$(readlink "$lib/libvfio-display.so.2")" = "libvfio-display.so.$version" &&
	 test "$(readlink "$lib/libvfio-display.so")" = libvfio-display.so.2 &&
	 test -f "$lib/libvfio-display.a"'
check "the header is /usr/include/vfio-display/vfiodisplay.h" \
	test -f "$dest/usr/include/vfio-display/vfiodisplay.h"
check "vgpu-vmm is in /usr/bin and says the version" \
	test "$("$dest/usr/bin/vgpu-vmm" --version 2>&1)" = "vgpu-vmm $version"
check "the man pages are in /usr/share/man/man1 and man3" eval \
	'test -f "$dest/usr/share/man/man1/vgpu-vmm.1" && test -f "$dest/usr/share/man/man3/vfiodisplay.3"'

# The pkg-config file, as a user of the installed tree sees it.
export PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_LIBDIR=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
check "the pkg-config file is in $libdir/pkgconfig and says VERSION" \
	test "$(pkg-config --modversion libvfio-display 2>&1)" = "$version"
check "the pkg-config file names the directories install used" eval \
	'grep -qx "prefix=/usr" "$lib/pkgconfig/libvfio-display.pc" &&
	 test "$(PKG_CONFIG_SYSROOT_DIR= pkg-config --variable=libdir libvfio-display)" = "$libdir" &&
	 test "$(PKG_CONFIG_SYSROOT_DIR= pkg-config --cflags libvfio-display | xargs)" = "-I/usr/include/vfio-display"'

cat >"$tmp/abi.c" <<'EOF'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vfiodisplay.h>

int main(void)
{
	struct vfiodisplay *d = (struct vfiodisplay *)&d;
	int ret = vfiodisplay_open(-1, &d);

	printf("version %d.%d.%d\n", VFIODISPLAY_VERSION_MAJOR,
	       VFIODISPLAY_VERSION_MINOR, VFIODISPLAY_VERSION_MICRO);
	printf("open %d %s %s\n", ret, d ? "handle" : "null", ret < 0 ? strerror(-ret) : "");
	vfiodisplay_close(d);
#if !VFIODISPLAY_VERSION_AT_LEAST(0, 3, 0) || VFIODISPLAY_VERSION_AT_LEAST(99, 0, 0)
#error "VFIODISPLAY_VERSION_AT_LEAST() is wrong"
#endif
	/* The frame is the library's: a caller only ever holds a pointer. */
	const struct vfiodisplay_frame *frame = NULL;
	(void)frame;
	return 0;
}
EOF
# shellcheck disable=SC2046 # pkg-config's words are meant to split
build() {
	${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -MD -MF "$tmp/abi.d" \
		$(pkg-config --cflags libvfio-display) -o "$tmp/abi" "$tmp/abi.c" \
		$(pkg-config --libs libvfio-display)
}
check "a program builds with pkg-config --cflags --libs libvfio-display" build
check "it includes the installed header" \
	grep -q "$dest/usr/include/vfio-display/vfiodisplay.h" "$tmp/abi.d"
# (Outputs are captured before grep -q: with pipefail, a writer that
# grep -q left early would fail the check.)
check "it needs libvfio-display.so.2" \
	grep -q "(NEEDED).*\[libvfio-display\.so\.2\]" <<<"$(readelf -d "$tmp/abi" 2>&1)"
check "its references name the symbol version (LIBVFIODISPLAY_0.3.0)" \
	grep -q "(LIBVFIODISPLAY_0\.3\.0) *vfiodisplay_open" <<<"$(objdump -T "$tmp/abi" 2>&1)"
check "it runs against the installed .so" grep -qF "libvfio-display.so.2 => $lib/libvfio-display.so.2 " \
	<<<"$(LD_LIBRARY_PATH=$lib ldd "$tmp/abi" 2>&1)"
out=$(LD_LIBRARY_PATH=$lib "$tmp/abi" 2>&1)
check "VFIODISPLAY_VERSION_* say VERSION" grep -qx "version $version" <<<"$out"
check "vfiodisplay_open(-1, &d) fails with -EBADF, a message and no handle" \
	grep -qx "open -9 null Bad file descriptor" <<<"$out"
# shellcheck disable=SC2046
check "the installed header compiles as C++ (g++, installed by scripts/deps.sh check)" \
	c++ -Wall -Wextra -Werror -x c++ -fsyntax-only $(pkg-config --cflags libvfio-display) "$tmp/abi.c"
# shellcheck disable=SC2046
check "a program links the static library" \
	${CC:-cc} -std=c11 $(pkg-config --cflags libvfio-display) -o "$tmp/abi-static" "$tmp/abi.c" \
	"$lib/libvfio-display.a"

so=$lib/libvfio-display.so.$version
check "the soname is libvfio-display.so.2" \
	grep -q "(SONAME).*\[libvfio-display\.so\.2\]" <<<"$(readelf -d "$so" 2>&1)"
# Every symbol of the header is exported, each with a version from the map.
declared=$(sed -n 's/^VFIODISPLAY_API [^(]*[ *]\(vfiodisplay_[a-z_]*\)(.*/\1/p' lib/vfiodisplay.h | sort)
exported=$(objdump -T "$so" | awk 'NF >= 2 && $(NF - 1) ~ /^LIBVFIODISPLAY_/ && $3 == "DF" { print $NF }' | sort)
check "the $(wc -w <<<"$declared") functions of the header are exported, versioned by the map" \
	test -n "$declared" -a "$declared" = "$exported"
[ "$declared" = "$exported" ] || echo "# header: $(paste -sd' ' <<<"$declared"); versioned: $(paste -sd' ' <<<"$exported")"
# (The version nodes are absolute symbols of their own, type A.)
others=$(nm -D --defined-only "$so" | awk '$2 != "A" { print $3 }' | grep -v '^vfiodisplay_')
check "only vfiodisplay_* symbols are exported" test -z "$others"
[ -z "$others" ] || echo "# also exported: $(paste -sd' ' <<<"$others")"

# The ABI against the one committed with the last deliberate change of it
# (make abi-baseline). abidiff sets its "incompatible" bit only for removed
# symbols, not for a moved field, so any change but an added symbol fails.
check "abidiff is there (abigail-tools, installed by scripts/deps.sh check)" \
	command -v abidiff
if command -v abidiff >/dev/null; then
	abidiff --no-added-syms lib/libvfio-display.abi "$so" >"$tmp/abidiff" 2>&1
	rc=$?
	check "abidiff against lib/libvfio-display.abi: nothing changed but added symbols" \
		test $rc -eq 0
	if [ $rc -ne 0 ]; then
		sed 's/^/# /' "$tmp/abidiff"
		echo "# a deliberate change of the ABI: make abi-baseline, and commit lib/libvfio-display.abi with it"
	elif ! abidiff lib/libvfio-display.abi "$so" >/dev/null 2>&1; then
		echo "# new symbols: make abi-baseline, and commit lib/libvfio-display.abi with them"
	fi
fi

check "make uninstall with the same DESTDIR and PREFIX" make_quiet uninstall DESTDIR="$dest" PREFIX=/usr
left=$(cd "$dest" && find . ! -type d)
check "uninstall removed all $(wc -l <<<"$installed") files install put there" test -z "$left"
[ -z "$left" ] || echo "# left behind: $(paste -sd' ' <<<"$left")"
check "uninstall removed include/vfio-display and the pkgconfig directory" eval \
	'! test -e "$dest/usr/include/vfio-display" && ! test -e "$lib/pkgconfig"'

# make install-boot: the modules-load.d file and the udev rule under
# PREFIX/lib (/usr/local/lib by default), where systemd and udev read them;
# uninstall-boot takes both back.
for prefix in /usr /usr/local; do
	if [ $prefix = /usr ]; then args=(PREFIX=/usr); else args=(); fi
	check "make install-boot DESTDIR=... ${args[*]:-(PREFIX $prefix by default)}" make_quiet install-boot DESTDIR="$dest" "${args[@]}"
	check "$prefix/lib/modules-load.d/vgpu-display.conf names the module" \
		grep -qx vgpu_display "$dest$prefix/lib/modules-load.d/vgpu-display.conf"
	check "the udev rule is $prefix/lib/udev/rules.d/61-vgpu-display.rules" \
		test -f "$dest$prefix/lib/udev/rules.d/61-vgpu-display.rules"
	check "make uninstall-boot with the same DESTDIR and PREFIX ($prefix)" \
		make_quiet uninstall-boot DESTDIR="$dest" "${args[@]}"
	left=$(cd "$dest" && find . ! -type d)
	check "uninstall-boot removed both files from $prefix/lib" test -z "$left"
	[ -z "$left" ] || echo "# left behind: $(paste -sd' ' <<<"$left")"
done

# make modules_install into a staging tree: the kernel the module was
# built for, updates/, and depmod left for later. Only when it is built.
if [ -f kernel/vgpu_display.ko ]; then
	krel=$(modinfo -F vermagic kernel/vgpu_display.ko | cut -d' ' -f1)
	check "make modules_install INSTALL_MOD_PATH=..." \
		make_quiet modules_install INSTALL_MOD_PATH="$tmp/mod"
	ko=$tmp/mod/lib/modules/$krel/updates/vgpu_display.ko
	check "the module is in /lib/modules/$krel/updates" test -f "$ko"
	check "depmod is not run on a staging tree, and make says so" \
		grep -q "not running depmod" "$tmp/make.log"
	deps=$(modinfo -F depends "$ko" | tr , '\n')
	check "modprobe will load drm and drm_shmem_helper first" eval \
		'grep -qx drm <<<"$deps" && grep -qx drm_shmem_helper <<<"$deps"'
else
	echo "# kernel/vgpu_display.ko is not built: make modules_install not tried"
fi
