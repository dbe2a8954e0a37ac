# The live display over VNC, seen by Debian's vncsnapshot: the guest's
# picture with its cursor, then a flip while the VMM keeps serving.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
coproc VMM { exec "$VGPU_BIN/vgpu-vmm" --uuid "$u" --vnc 127.0.0.1:1 - 2>&1; }
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
check "the VNC server waits on the display interrupt, not a timer" \
	wait_for "vgpu-vmm: vnc: updates on the display interrupt"
check "the VNC server shows the desktop's buffer" wait_for "vgpu-vmm: vnc: showing dmabuf_id 1,"
# The cursor goes to clients as a cursor shape where they take one, and
# the server draws it into the picture for those that do not.
check "vncsnapshot -cursor draws the cursor shape it was sent" \
	vncsnapshot -quiet -cursor 127.0.0.1:1 /tmp/vnc1.jpg
check "that picture is the guest's, cursor included" /usr/bin/python3 tests/vm/png_expect.py \
	--lossy /tmp/vnc1.jpg demo/demo.vgs 0x1000000 2560 640 480 0x2000000 385 257 1 1
grep -v '^rect 0x2000000 ' demo/demo.vgs >/tmp/nocursor.vgs
check "vncsnapshot -nocursor grabs the screen" vncsnapshot -quiet -nocursor 127.0.0.1:1 /tmp/vnc0.jpg
check "the framebuffer itself holds no cursor" /usr/bin/python3 tests/vm/png_expect.py \
	--lossy /tmp/vnc0.jpg /tmp/nocursor.vgs 0x1000000 2560 640 480 0x2000000 385 257 1 1
check "a client without cursor encodings grabs the screen" /usr/bin/python3 tests/vm/rfb_grab.py \
	127.0.0.1:5901 /tmp/raw1.png
check "the server composited the cursor for it, every pixel exact" /usr/bin/python3 \
	tests/vm/png_expect.py /tmp/raw1.png demo/demo.vgs 0x1000000 2560 640 480 0x2000000 385 257 1 1

{ cat tests/vm/scripts/flip.vgs; echo "echo flipped"; } >&"$to_vmm"
check "the guest flipped" wait_for flipped
check "the VNC server picked up the flip" wait_for "vgpu-vmm: vnc: showing dmabuf_id 3,"
check "vncsnapshot grabs the screen again" vncsnapshot -quiet -cursor 127.0.0.1:1 /tmp/vnc2.jpg
{
	sed -n 's/^rect 0x2000000 .*/&/p' demo/demo.vgs
	echo "rect 0x1000000 2560 0 0 640 480 0x00aa3355"
} >/tmp/flipped.vgs
check "the client sees the other buffer after the flip" /usr/bin/python3 tests/vm/png_expect.py \
	--lossy /tmp/vnc2.jpg /tmp/flipped.vgs 0x1000000 2560 640 480 0x2000000 385 257 1 1

exec {to_vmm}>&-
check "the script ends and the VMM keeps serving" wait_for "vgpu-vmm: script done; still serving VNC until SIGINT or SIGTERM"
kill -TERM "$VMM_PID"
wait "$VMM_PID"
check_eq "SIGTERM stops it cleanly" "$?" 0
vgpu_stop "$u"
finish
