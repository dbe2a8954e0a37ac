# The kernel log lines that fail a VM test: a checker's report, not its
# boot banner ("RCU lockdep checking is enabled", "kmemleak: ...
# initialized"). Lockdep reports as WARNING or BUG, KASAN as "BUG: KASAN",
# kmemleak's scan (guest-run.sh) as unreferenced objects. Sourced by
# tests/vm/run for the test VM's log and by t_guest_kms.sh for its nested
# guest's. A WARNING is the kernel's when it starts the line or follows the
# timestamp: tools on the console have theirs ("depmod: WARNING: ..." where
# Debian's 7.x packages lack modules.builtin and modules.order).
kernel_reports_re='(^|\] )WARNING:|BUG:|Oops|general protection|UBSAN:|KFENCE:|unreferenced object|inconsistent lock state|possible circular locking|INFO: task .* blocked|soft lockup|hard LOCKUP|Kernel panic|RCU stall|Bad page state'
