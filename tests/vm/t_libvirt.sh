# libvirt (Debian 12's 9.0) running our vGPU as users define it: a domain
# from XML whose guest is tools/guest, the vGPU an mdev <hostdev> with
# display='on' addressed by UUID, in region mode with plain VNC and no
# OpenGL anywhere; `virsh screenshot` (QMP screendump) equals the guest's
# picture exactly, before and after its flip; `virsh destroy` and
# `undefine` leave nothing pinned and no buffer alive. Then dma-buf mode
# with egl-headless and VNC, with Mesa's default llvmpipe inside libvirt's
# seccomp sandbox.
# libvirtd is started by hand in the VM, as root, without namespaces,
# cgroups or a security driver (the VM has no systemd); QEMU's output
# goes to a file instead of virtlogd. Everything it writes is in the VM's
# tmpfs overlay.
. tests/vm/lib.sh
work=$(mktemp -d)
u=$(new_uuid)
dom=vgpu-region

cleanup() {
	virsh -q destroy "$dom" >/dev/null 2>&1
	virsh -q undefine "$dom" >/dev/null 2>&1
	[ -n "${libvirtd:-}" ] && kill "$libvirtd" 2>/dev/null && wait "$libvirtd" 2>/dev/null
	virsh -q destroy "$dom-gl" >/dev/null 2>&1
	virsh -q undefine "$dom-gl" >/dev/null 2>&1
	[ -n "$u" ] && mdevctl stop -u "$u" >/dev/null 2>&1
}
trap cleanup EXIT

# Debian's libvirt looks its default QEMU user up before it reads
# qemu.conf; libvirt-daemon-system (not installed: it wants systemd)
# would have made it.
getent passwd libvirt-qemu >/dev/null || useradd --system --no-create-home libvirt-qemu
cat >>/etc/libvirt/qemu.conf <<'EOF'
user = "root"
group = "root"
namespaces = [ ]
security_driver = "none"
cgroup_controllers = [ ]
stdio_handler = "file"
EOF
mkdir -p /run/libvirt /var/log/libvirt/qemu /var/lib/libvirt/qemu
/usr/sbin/libvirtd >"$work/libvirtd.log" 2>&1 &
libvirtd=$!
connected() {
	local i
	for ((i = 0; i < 300; i++)); do
		virsh -q uri >/dev/null 2>&1 && return 0
		kill -0 "$libvirtd" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
export LIBVIRT_DEFAULT_URI=qemu:///system
if connected; then
	ok "libvirtd answers virsh"
else
	not_ok "libvirtd answers virsh"
	sed 's/^/# /' "$work/libvirtd.log"
fi

# The vGPU in region mode, as mdevctl starts it from its JSON.
check "mdevctl starts the vGPU in region mode" vgpu_start_region "$work" "$u"

cat >"$work/domain.xml" <<EOF
<domain type='qemu'>
  <name>$dom</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$VGPU_REPO/build/guest/vgpu-guest.elf</kernel>
    <cmdline>period_ms=6000</cmdline>
  </os>
  <on_reboot>destroy</on_reboot>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='file'><source path='$work/serial'/></serial>
    <hostdev mode='subsystem' type='mdev' model='vfio-pci' display='on'>
      <source><address uuid='$u'/></source>
    </hostdev>
    <graphics type='vnc' listen='127.0.0.1' port='5900' autoport='no'/>
    <video><model type='none'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
check "virsh define" virsh -q define "$work/domain.xml"
check "virsh start" virsh -q start "$dom"

check "the guest found the vGPU and shows picture A" \
	wait_for_text "$work/serial" "vgpu-guest: show A cursor 40,30"

picture=$VGPU_BIN/vgpu-guest-picture
"$picture" A "$work/A.png" && "$picture" B "$work/B.png" ||
	not_ok "vgpu-guest-picture draws A and B"
virsh_screenshot() { virsh -q screenshot "$dom" "$1"; }
watch_flip "$work/A.png" "$work/B.png" virsh_screenshot
check "virsh screenshot gives picture A exactly" test "${seen:0:1}" = A
check "and after the guest's flip, picture B exactly" test "$seen" = AB
# The guest cycles A, B, B, B: a slow capture may come after the next A.
check "a VNC client sees the guest's picture" eval \
	'vncsnapshot -quiet 127.0.0.1:0 "$work/vnc.jpg" >/dev/null 2>&1 &&
	 /usr/bin/python3 tests/vm/image_match.py --lossy "$work/vnc.jpg" "$work/A.png" "$work/B.png"'
pid=$(cat /run/libvirt/qemu/$dom.pid 2>/dev/null)
check "QEMU loaded no OpenGL library" eval \
	"test -n '$pid' && ! grep -Eq 'lib(EGL|GLX|GL|gbm|epoxy)\\.so|_dri\\.so' /proc/$pid/maps"

check "virsh destroy" virsh -q destroy "$dom"
check "virsh undefine" virsh -q undefine "$dom"
check_qemu_log "/var/log/libvirt/qemu/$dom.log"
check_nothing_left "$u"
check "mdevctl stops the region-mode vGPU" mdevctl stop -u "$u"

# The same guest in dma-buf mode: QEMU's egl-headless display on our DRM
# device's primary node, with Mesa's default driver (llvmpipe) under
# libvirt's seccomp sandbox, plus VNC. QEMU must live through the guest's
# flip and show it; virsh screenshot is measured, not asserted (QEMU 7.2
# reads back only plain surfaces).
u=$(vgpu_start 1920x1080)
card=
for c in /sys/class/drm/card[0-9]*; do
	grep -qx 'DRIVER=vgpu_display' "$c/device/uevent" 2>/dev/null && card=/dev/dri/${c##*/}
done
sed -e "s|<name>$dom</name>|<name>$dom-gl</name>|" -e "s|$work/serial|$work/serial-gl|" \
	-e "s|<source><address uuid='[^']*'/>|<source><address uuid='$u'/>|" \
	-e "s|<graphics type='vnc'|<graphics type='egl-headless'><gl rendernode='$card'/></graphics>\n    &|" \
	"$work/domain.xml" >"$work/domain-gl.xml"
check "virsh define, dma-buf mode with egl-headless" virsh -q define "$work/domain-gl.xml"
check "virsh start" virsh -q start "$dom-gl"
check "the guest flips" wait_for_text "$work/serial-gl" "vgpu-guest: show B"
pid=$(cat "/run/libvirt/qemu/$dom-gl.pid" 2>/dev/null)
check "QEMU, with llvmpipe in libvirt's sandbox, lives through the flip" kill -0 "${pid:-0}"
grep -o -- '-sandbox [^ ]*' "/var/log/libvirt/qemu/$dom-gl.log" | sed 's/^/# /'
# llvmpipe (Mesa 22.3) leaves the cursor plane out of QEMU's picture
# (README, "Use with QEMU"): a phase with or without its cursor; the
# guest cycles A, B, B, B, so a slow capture may see any of them.
for phase in 0 1 2 3; do
	buffer=$("$picture" phases | sed -n "s/^phase $phase show \([AB]\) .*/\1/p")
	"$picture" "$buffer" "$work/phase$phase.png" --with-cursor "$phase" ||
		not_ok "vgpu-guest-picture draws phase $phase"
done
check "a VNC client sees the guest's picture" eval \
	'vncsnapshot -quiet 127.0.0.1:0 "$work/gl.jpg" >/dev/null 2>&1 &&
	 /usr/bin/python3 tests/vm/image_match.py --lossy "$work/gl.jpg" "$work/A.png" "$work/B.png" \
		"$work"/phase{0,1,2,3}.png'
shot=$(virsh -q screenshot "$dom-gl" "$work/gl.ppm" 2>&1)
echo "# virsh screenshot in dma-buf mode: ${shot:-a picture}" | tr '\n' ' '
echo
check "virsh destroy" virsh -q destroy "$dom-gl"
check "virsh undefine" virsh -q undefine "$dom-gl"
check_nothing_left "$u"
vgpu_stop "$u"
u=
finish
