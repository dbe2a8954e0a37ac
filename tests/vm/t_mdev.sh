# mdevctl sees our types, creates and removes vGPUs, and the graphics
# memory budget limits how many exist.
. tests/vm/lib.sh

for t in 1920x1080 3840x2160; do
	d=$(types_dir $t)
	check "type $t is listed by mdevctl" sh -c "mdevctl types | grep -q '$VGPU_PARENT-$t'"
	check_eq "type $t device_api" "$(cat "$d/device_api")" vfio-pci
	check "type $t has a name" grep -q "up to $t" "$d/name"
	check "type $t has a description" grep -q "display up to $t" "$d/description"
done
check_eq "1080p instances from 1024 MiB" "$(cat "$(types_dir 1920x1080)/available_instances")" 32
check_eq "2160p instances from 1024 MiB" "$(cat "$(types_dir 3840x2160)/available_instances")" 8

u=$(vgpu_start 1920x1080)
check "mdevctl start creates the vGPU" test -d "/sys/bus/mdev/devices/$u"
check "mdevctl list shows it" sh -c "mdevctl list | grep -q '$u'"
check "it has an IOMMU group" test -e "/sys/bus/mdev/devices/$u/iommu_group"
check "its VFIO group node exists" test -c "/dev/vfio/$(basename "$(readlink "/sys/bus/mdev/devices/$u/iommu_group")")"
check_eq "it takes 32 MiB from the 2160p budget" "$(cat "$(types_dir 3840x2160)/available_instances")" 7
check_eq "no pages pinned before use" "$(cat "/sys/bus/mdev/devices/$u/vendor/pinned_pages")" 0
check "mdevctl stop removes it" vgpu_stop "$u"
check_fails "it is gone" test -e "/sys/bus/mdev/devices/$u"
check_eq "the budget is back" "$(cat "$(types_dir 3840x2160)/available_instances")" 8

many=()
for i in 1 2 3 4 5 6 7 8; do
	many+=("$(vgpu_start 3840x2160)")
done
check_eq "eight 2160p vGPUs use the whole budget" "$(cat "$(types_dir 3840x2160)/available_instances")" 0
check_fails "a ninth is refused" mdevctl start -u "$(new_uuid)" -p $VGPU_PARENT --type $VGPU_PARENT-3840x2160
for u in "${many[@]}"; do vgpu_stop "$u"; done
check_eq "all removed" "$(ls /sys/bus/mdev/devices | wc -l)" 0
finish
