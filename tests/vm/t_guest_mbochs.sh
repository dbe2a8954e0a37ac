# Our DRM node shows other drivers' vfio displays: its dumb map forwards an
# imported dma-buf to its exporter, so unmodified QEMU on a host without a
# GPU renders any vfio display with egl-headless pointed at our node. Here
# the exporter is the kernel's own mbochs sample (built from this kernel's
# linux-source, scripts/build-samples.sh), given to the nested guest of
# nested.sh as vfio-pci,display=on; the guest's stock bochs-drm driver
# runs the kernel console on it, and a raw VNC capture must equal what the
# guest itself scans out (kms_readback), pixel for pixel.
#
# It takes about 6 minutes here (the nested kernel boots in about 5).
# vm-timeout: 1800
. tests/vm/lib.sh
. tests/vm/reports.sh
. tests/vm/nested.sh
check "mbochs loads" insmod "$VGPU_SAMPLES/mbochs.ko"
u=$(new_uuid)
# 16 MiB of video memory and EDID modes up to 1920x1440 (small's 800x600
# is below the 1024x768 QEMU asks for).
check "mdevctl creates an mbochs-medium device" mdevctl start -u "$u" -p mbochs --type mbochs-medium
nested_initrd bochs
nested_start "/sys/bus/mdev/devices/$u" bochs-drm

if ! ready console; then
	not_ok "bochs-drm binds and the console comes up"
	kill -9 "$qemu" 2>/dev/null
	mdevctl stop -u "$u"
	rmmod mbochs
	exit 1
fi
ok "bochs-drm binds and the console comes up"
echo "# guest up after $(($(date +%s) - started)) s"
sed 's/^/# guest: /' "$scratch/report"
console_checks bochs-drmdrmfb
go console

nested_exit
nested_checks
check "mbochs's device goes" mdevctl stop -u "$u"
# Each of mbochs's dma-bufs holds its module: an import our node kept
# alive after QEMU closed it would refuse this.
check "mbochs unloads: no dma-buf of it is left" rmmod mbochs
[ "$checks_failed" -eq 0 ] || { echo "# guest serial:"; tail -40 "$work/serial"; }
finish
