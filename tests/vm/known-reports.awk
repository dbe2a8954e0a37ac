#!/usr/bin/awk -f
# Copies a kernel log, replacing the reports that are known to come from
# Linux 6.1's VFIO itself, not from us, with a one-line note each
# (docs/hardening.md has the analysis of both). Any other report, or a
# known one with any other lock or caller in it, is copied as it is and
# fails the test.
#
# 1. lockdep's circular dependency between VFIO type1's iommu->lock and
#    device_list_lock: type1 takes device_list_lock under iommu->lock when
#    a device opens, and calls our dma_unmap callback under
#    device_list_lock, where VFIO requires vfio_unpin_pages(), which takes
#    iommu->lock. Known only when every lock in it is one of those two or
#    our guest->lock, which the callback holds to find its pins.
# 2. The WARN in vfio_group_release() when vfio_create_group() fails to
#    add the group's device (an allocation failure while a vGPU is being
#    created): its error path frees a group that still points at its
#    IOMMU group.

function lockdep_known(text,    name) {
	while (match(text, /\(&[a-z_]+->[a-z_]+\)/)) {
		name = substr(text, RSTART + 1, RLENGTH - 2)
		if (name != "&iommu->lock" && name != "&iommu->device_list_lock" &&
		    name != "&guest->lock")
			return 0
		text = substr(text, RSTART + RLENGTH)
	}
	return 1
}

function warn_known(text) {
	return text ~ /WARNING: CPU: [0-9]+ PID: [0-9]+ at drivers\/vfio\/vfio_main\.c:[0-9]+ vfio_group_release/ &&
	       text ~ /vfio_create_group/ && text !~ /BUG:|KASAN/
}

function flush(known, what) {
	if (known)
		print "vm: NOTE: known VFIO report, not ours (docs/hardening.md): " what
	else
		printf "%s", report
	report = ""
	kind = ""
}

kind == "" && /possible circular locking dependency detected/ {
	kind = "lockdep"
	after_backtrace = 0
}
kind == "" && /------------\[ cut here \]------------/ {
	kind = "warn"
}
kind == "lockdep" {
	report = report $0 "\n"
	if ($0 ~ /stack backtrace:/)
		after_backtrace = 1
	if (after_backtrace && $0 ~ /<\/TASK>/)
		flush(lockdep_known(report), "type1's lock cycle iommu->lock/device_list_lock (lockdep is off for the rest of this boot)")
	next
}
kind == "warn" {
	report = report $0 "\n"
	if ($0 ~ /---\[ end trace/)
		flush(warn_known(report), "WARN in vfio_group_release() after vfio_create_group() failed")
	next
}
{ print }
END {
	if (kind != "")
		printf "%s", report
}
