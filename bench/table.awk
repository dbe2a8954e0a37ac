# Turns the benchmark's "Pn name value ..." lines into one table: figure,
# ours, the reference measured in the same run, and the target.
function row(fig, what, ours, ref, target) {
	printf "%-4s %-44s %14s %18s   %s\n", fig, what, ours, ref, target
}
BEGIN { row("", "", "ours", "reference", "target") }
$1 == "P1" {
	row("P1", "cache-hit plane query, ns per call", $4, ($5 == "mbochs" ? $6 " (mbochs)" : "-"),
	    "<= mbochs")
	if ($9 == "primary_only")
		row("P1", "  primary plane only (mbochs has no cursor)", $11, $13 " (mbochs)", "")
}
$1 == "P2" && $2 == "new_buffer_ms" {
	row("P2", "new 3840x2160 buffer: miss+GET+touch, ms", $3, $5 " (memcpy)",
	    sprintf("< 25%% of memcpy: %.0f%%", $7 * 100))
}
$1 == "P2" && $2 == "new_buffer_ms" {
	row("P2", "  of which the query miss (pinning), ms", $11, "-", "")
}
$1 == "P2" && $2 == "flip_loop" {
	row("P2", "new pins after two buffers, " $4 " flips", $6, "-", "0")
}
$1 == "P3" {
	row("P3", "flip to consumer, us", $4 " (irq)", $6 " (30 ms poll)",
	    sprintf("< 3000 us: irq/poll = %.3f", $8))
}
$1 == "P4" {
	row("P4", "kernel bytes per 1080p buffer", $3, $5 " (frame)",
	    sprintf("<= 1%%: %.3f%%, copies %s", $7 * 100, $9))
}
$1 ~ /^P5/ && $2 == "memcpy_ms" { memcpy[$1] = $3 }
$1 ~ /^P5/ && ($2 == "linear_ms" || $2 == "xtiled_ms") {
	where = $1 == "P5vm" ? "in the VM" : "on the host"
	row("P5", sprintf("convert+cursor 1080p %s, %s, ms", substr($2, 1, 6), where), $3,
	    memcpy[$1] " (memcpy)", sprintf(">= 50%% of memcpy: %.0f%%", $5 * 100))
}
$1 == "P6" {
	row("P6", "guest vblank MSIs per second, pipe on", $3, $5 " (frames)",
	    "60 Hz, the mode's rate")
}
$1 == "P7" {
	row("P7", "refresh after a flip, 1080p region mode, ms", $4, $6 " (dma-buf)",
	    sprintf("printed: region/dma-buf = %.2f", $8))
}
