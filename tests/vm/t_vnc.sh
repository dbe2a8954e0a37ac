# The live display over VNC, seen by Debian's vncsnapshot: the guest's
# picture with its cursor, then a flip while the VMM keeps serving.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
coproc VMM { exec "$VGPU_BIN/vgpu-vmm" --uuid "$u" --vnc 127.0.0.1:5901 - 2>&1; }
exec {to_vmm}>&"${VMM[1]}" {from_vmm}<&"${VMM[0]}"
# Only our copies stay open, so that closing to_vmm is the script's end.
eval "exec ${VMM[1]}>&- ${VMM[0]}<&-"

# wait_for LINE: until the VMM has said a line that starts with LINE, now
# or before (60 s at most without output). Lines are kept in $said, since
# the VNC thread's and the script's lines come in either order.
said=$(mktemp)
wait_for() {
	local line
	grep -q "^$1" "$said" && return 0
	while read -r -t 60 line <&"$from_vmm"; do
		echo "$line" >>"$said"
		[[ "$line" == "$1"* ]] && return 0
	done
	echo "vm: the VMM never said '$1'"
	return 1
}

{ cat demo/demo.vgs; echo "echo drawn"; } >&"$to_vmm"
check "the VMM drew the demo desktop" wait_for drawn
check "the VNC server shows the desktop's buffer" wait_for "vgpu-vmm: vnc: showing dmabuf_id 1,"
check "vncsnapshot grabs the screen" vncsnapshot -quiet -nocursor 127.0.0.1:1 /tmp/vnc1.jpg
check "the VNC picture is the guest's, cursor included" /usr/bin/python3 tests/vm/png_expect.py \
	--lossy /tmp/vnc1.jpg demo/demo.vgs 0x1000000 2560 640 480 0x2000000 384 256 1 1

{ cat tests/vm/scripts/flip.vgs; echo "echo flipped"; } >&"$to_vmm"
check "the guest flipped" wait_for flipped
check "the VNC server picked up the flip" wait_for "vgpu-vmm: vnc: showing dmabuf_id 3,"
check "vncsnapshot grabs the screen again" vncsnapshot -quiet -nocursor 127.0.0.1:1 /tmp/vnc2.jpg
{
	sed -n 's/^rect 0x2000000 .*/&/p' demo/demo.vgs
	echo "rect 0x1000000 2560 0 0 640 480 0x00aa3355"
} >/tmp/flipped.vgs
check "the client sees the other buffer after the flip" /usr/bin/python3 tests/vm/png_expect.py \
	--lossy /tmp/vnc2.jpg /tmp/flipped.vgs 0x1000000 2560 640 480 0x2000000 384 256 1 1

exec {to_vmm}>&-
check "the script ends and the VMM keeps serving" wait_for "vgpu-vmm: script done; still serving VNC until SIGINT or SIGTERM"
kill -TERM "$VMM_PID"
wait "$VMM_PID"
check_eq "SIGTERM stops it cleanly" "$?" 0
vgpu_stop "$u"
finish
