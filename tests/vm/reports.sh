# The kernel log lines that fail a VM test: a checker's report, not its
# boot banner ("RCU lockdep checking is enabled", "kmemleak: ...
# initialized"). Lockdep reports as WARNING or BUG, KASAN as "BUG: KASAN",
# kmemleak's scan (guest-run.sh) as unreferenced objects. Sourced by
# tests/vm/run for the test VM's log and by t_guest_kms.sh for its nested
# guest's.
kernel_reports_re='WARNING:|BUG:|Oops|general protection|UBSAN:|KFENCE:|unreferenced object|inconsistent lock state|possible circular locking|INFO: task .* blocked|soft lockup|hard LOCKUP|Kernel panic|RCU stall|Bad page state'
