#!/usr/bin/awk -f
# Copies a kernel log, replacing the one report that is known to come
# from Linux VFIO itself (6.1 to 7.2), not from us, with a one-line note
# (docs/hardening.md has the analysis). Any other report, or that one
# with any other caller in it, is copied as it is and fails the test.
#
# The WARN in vfio_group_release() when vfio_create_group() fails to add
# the group's device (an allocation failure while a vGPU is being
# created): its error path frees a group that still points at its IOMMU
# group.
#
# (VFIO type1's lock cycle between iommu->lock and device_list_lock is
# not reported at all: the debug kernel keeps device_list_lock out of
# lockdep's view, scripts/debug-kernel-patches/.)

function warn_known(text) {
	return text ~ /WARNING: CPU: [0-9]+ PID: [0-9]+ at drivers\/vfio\/(vfio_main|group)\.c:[0-9]+ vfio_group_release/ &&
	       text ~ /vfio_create_group/ && text !~ /BUG:|KASAN/
}

!in_warn && /------------\[ cut here \]------------/ {
	in_warn = 1
}
in_warn {
	report = report $0 "\n"
	if ($0 ~ /---\[ end trace/) {
		if (warn_known(report))
			print "vm: NOTE: known VFIO report, not ours (docs/hardening.md): " \
			      "WARN in vfio_group_release() after vfio_create_group() failed"
		else
			printf "%s", report
		report = ""
		in_warn = 0
	}
	next
}
{ print }
END {
	if (in_warn)
		printf "%s", report
}
