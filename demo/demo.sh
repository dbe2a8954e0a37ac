# make demo, inside the VM: create a vGPU with mdevctl, play the scripted
# guest of demo/demo.vgs with the VMM, remove the vGPU.
set -euo pipefail
. tests/vm/lib.sh
echo "demo: creating a vGPU: mdevctl start -p $VGPU_PARENT --type $VGPU_PARENT-1920x1080"
u=$(vgpu_start 1920x1080)
mdevctl list
echo "demo: playing demo/demo.vgs on $u"
vmm --uuid "$u" --png "$VGPU_OUT/demo.png" demo/demo.vgs | grep -v '^write bar0 ggtt\|^rect guest'
echo "demo: to watch a vGPU live, on a host with the module loaded:"
echo "demo:   build/bin/vgpu-vmm --uuid UUID --vnc 127.0.0.1:0 demo/demo.vgs"
echo "demo:   vncviewer 127.0.0.1:0       (any VNC viewer; Ctrl-C stops the VMM)"
echo "demo: removing the vGPU"
vgpu_stop "$u"
ok "demo finished"
