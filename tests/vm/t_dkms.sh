# vm-timeout: 1500
# vm-root: suite
# The Debian packages of `make deb` (build/deb), installed as README.md's
# "Install" says: `apt install ./vgpu-display-dkms_*.deb ...` builds the
# module with DKMS for the running kernel and signs it with DKMS's own MOK
# key, `modprobe vgpu_display` loads that build, mdevctl sees its types,
# the packaged vgpu-vmm shows a vGPU's display and the -dev package
# compiles a program; removing the package removes the module. The guest's
# driver, vgpu-display-guest-dkms, goes the same way (built, signed,
# loaded: with no vGPU in this VM it only registers its PCI driver). apt works
# offline here: the VM's root has what the packages depend on (the host's:
# scripts/deps.sh check; another release's: scripts/suite-kernel.sh). All
# it writes is in the VM's tmpfs overlay.
# On another release's root (VM_ROOT, make check-kernels), the DKMS
# package, which is the same file for every release, is tested alone: the
# library and tools packages are built for the release make deb ran on.
. tests/vm/lib.sh

rel=$(uname -r)
debs=$VGPU_REPO/build/deb
version=$(cat VERSION)
dkms_deb=$(ls "$debs"/vgpu-display-dkms_"$version"_all.deb 2>/dev/null)
guest_deb=$(ls "$debs"/vgpu-display-guest-dkms_"$version"_all.deb 2>/dev/null)
if [ -z "$dkms_deb" ] || [ -z "$guest_deb" ]; then
	not_ok "no build/deb/vgpu-display-dkms_${version}_all.deb or -guest-dkms: run make deb"
	finish
	exit
fi

cleanup() {
	rmmod vgpu_display vgpu_kms 2>/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q vgpu-display-dkms vgpu-display-guest-dkms vgpu-display-tools \
		libvfio-display-dev libvfio-display2 >/dev/null 2>&1
}
trap cleanup EXIT

check "rmmod the module guest-run.sh loaded" rmmod vgpu_display
# man-db rebuilds its index after every package change, for minutes under
# TCG; not what is tested here (Debian's switch for it, in the overlay).
rm -f /var/lib/man-db/auto-update

release=$(. /etc/os-release && echo "${VERSION_CODENAME:-unknown}")
built_on=$(cat "$debs/built-on" 2>/dev/null)
debs_here=("$dkms_deb" "$guest_deb")
if [ "$release" = "$built_on" ]; then
	debs_here+=("$debs"/vgpu-display-tools_"$version"_amd64.deb "$debs"/libvfio-display2_"$version"_amd64.deb
		"$debs"/libvfio-display-dev_"$version"_amd64.deb)
else
	echo "# this root is Debian $release, the packages were built on ${built_on:-?}: the DKMS packages alone"
fi

# apt installs local files given with a path; the log shows DKMS at work.
apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/tmp/apt.log 2>&1 ||
		{ tail -30 /tmp/apt.log; return 1; }
}
check "apt install ${debs_here[*]##*/}" apt_install "${debs_here[@]}"
sed -n '/^Setting up vgpu-display-dkms/,/^Setting up [^v]/p' /tmp/apt.log | sed 's/^/# /'
status=$(dkms status vgpu-display 2>&1)
echo "# dkms status: $status"
if ! check "dkms status: installed for $rel" \
	grep -q "^vgpu-display/$version, $rel, x86_64: installed" <<<"$status"; then
	tail -20 /var/lib/dkms/vgpu-display/"$version"/build/make.log 2>/dev/null | sed 's/^/# make.log: /'
fi
installed=$(modinfo -n vgpu_display 2>&1)
check "modprobe finds DKMS's build in updates/dkms ($installed)" \
	grep -q "^/lib/modules/$rel/updates/dkms/vgpu_display\.ko" <<<"$installed"
if ! check "modprobe vgpu_display" modprobe vgpu_display; then
	dmesg | tail -5 | sed 's/^/# dmesg: /'
fi
loaded=$(cat /sys/module/vgpu_display/srcversion 2>/dev/null)
check "the module loaded is DKMS's build ($loaded)" \
	test -n "$loaded" -a "$loaded" = "$(modinfo -F srcversion vgpu_display)"
check_eq "its version is the package's" "$(cat /sys/module/vgpu_display/version)" "$version"
# Secure Boot (README.md, "Install"): DKMS signs with its own key, whose
# certificate mokutil --import enrolls.
check "DKMS made its MOK certificate" test -s /var/lib/dkms/mok.pub
signer=$(modinfo -F signer vgpu_display)
check "the module is signed ($signer)" test -n "$signer"
check_eq "by DKMS's key" "$signer" \
	"$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject -nameopt multiline 2>&1 |
		sed -n 's/^ *commonName *= *//p')"

# The guest's driver, as a guest would have it.
status=$(dkms status vgpu-display-guest 2>&1)
echo "# dkms status: $status"
if ! check "dkms status: the guest's driver is installed for $rel" \
	grep -q "^vgpu-display-guest/$version, $rel, x86_64: installed" <<<"$status"; then
	tail -20 /var/lib/dkms/vgpu-display-guest/"$version"/build/make.log 2>/dev/null | sed 's/^/# make.log: /'
fi
check "modprobe finds it in updates/dkms" \
	grep -q "^/lib/modules/$rel/updates/dkms/vgpu_kms\.ko" <<<"$(modinfo -n vgpu_kms 2>&1)"
check "modprobe vgpu_kms" modprobe vgpu_kms
check "it registered its PCI driver" test -d /sys/bus/pci/drivers/vgpu_kms
check_eq "its version is the package's" "$(cat /sys/module/vgpu_kms/version 2>/dev/null)" "$version"
check_eq "it is signed by DKMS's key too" "$(modinfo -F signer vgpu_kms)" "$signer"
check "rmmod vgpu_kms" rmmod vgpu_kms
check "apt purge vgpu-display-guest-dkms" sh -c \
	'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q vgpu-display-guest-dkms >/tmp/apt.log 2>&1'
check_fails "the guest's driver is gone from /lib/modules" modinfo -n vgpu_kms

types=$(mdevctl types)
check "mdevctl types lists the 1080p type" grep -q "$VGPU_PARENT-1920x1080" <<<"$types"
check "mdevctl types lists the 2160p type" grep -q "$VGPU_PARENT-3840x2160" <<<"$types"

# The packaged tools and library, not the checkout's.
packaged_tools() {
	check_eq "the packaged vgpu-vmm is the package's version" "$(/usr/bin/vgpu-vmm --version)" "vgpu-vmm $version"
	u=$(vgpu_start 1920x1080)
	check "the packaged vgpu-vmm plays the demo guest and writes a PNG" \
		/usr/bin/vgpu-vmm --quiet --uuid "$u" --png /tmp/dkms-shot.png demo/demo.vgs
	check "every pixel equals the picture the guest drew" \
		/usr/bin/python3 tests/vm/png_expect.py /tmp/dkms-shot.png demo/demo.vgs \
		0x1000000 2560 640 480 0x2000000 385 257 1 1
	check "mdevctl stop" vgpu_stop "$u"
	cat >/tmp/uses-lib.c <<-'EOF'
	#include <vfiodisplay.h>

	/* No device: the call must fail cleanly, with a negative errno. */
	int main(void)
	{
		struct vfiodisplay *display;

		return vfiodisplay_open(-1, &display) < 0 && VFIODISPLAY_VERSION_AT_LEAST(0, 3, 0) ? 0 : 1;
	}
	EOF
	check "a program builds with pkg-config's flags for libvfio-display" \
		sh -c 'gcc -std=c11 -Wall -Werror -o /tmp/uses-lib /tmp/uses-lib.c $(pkg-config --cflags --libs libvfio-display)'
	check "and runs on the packaged shared library" \
		sh -c 'ldd /tmp/uses-lib | grep -q "libvfio-display.so.2 => .*/x86_64-linux-gnu/libvfio-display.so.2" && /tmp/uses-lib'
}
[ "$release" = "$built_on" ] && packaged_tools

check "rmmod vgpu_display" rmmod vgpu_display
check "apt purge vgpu-display-dkms" sh -c \
	'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q vgpu-display-dkms >/tmp/apt.log 2>&1'
check_fails "the module is gone from /lib/modules" modinfo -n vgpu_display
check_eq "dkms knows it no more" "$(dkms status vgpu-display)" ""
check_fails "its sources are gone from /usr/src" test -e "/usr/src/vgpu-display-$version"
finish
