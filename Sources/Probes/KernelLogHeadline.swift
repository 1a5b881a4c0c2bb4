import Results

/// A log line that opens a kernel report, and how it chains with the lines
/// that open the rest of the same incident.
struct KernelLogHeadline {
    /// Generic lines the kernel prints after a more specific one for the
    /// same incident: WARN() prints its message before "WARNING: CPU:",
    /// BUG() prints "kernel BUG at" and then the die() header "Oops:".
    enum FollowUp { case warning, kernelBug, oops }

    var kind: KernelReportKind
    /// What this line is when it follows a more specific headline.
    var asFollowUp: FollowUp?
    /// Follow-ups that belong to this headline's incident.
    var expects: Set<FollowUp>

    init(_ kind: KernelReportKind, asFollowUp: FollowUp? = nil, expects: Set<FollowUp> = []) {
        self.kind = kind
        self.asFollowUp = asFollowUp
        self.expects = expects
    }

    /// Recognises a headline in a log line stripped of its timestamp. Order
    /// matters: the specific "BUG: ..." and "WARNING: ..." forms come before
    /// the general ones.
    init?(line: Substring) {
        if line.hasPrefix("Kernel panic - not syncing") {
            self.init(.panic)
        } else if line.hasPrefix("BUG: KASAN: ") {
            self.init(.kasan)
        } else if line.hasPrefix("BUG: KCSAN: ") {
            self.init(.kcsan)
        } else if line.hasPrefix("BUG: KFENCE: ") {
            self.init(.kfence)
        } else if line.hasPrefix("BUG: sleeping function called from invalid context")
                    || line.hasPrefix("BUG: scheduling while atomic") {
            self.init(.sleepInAtomic)
        } else if line.hasPrefix("ODEBUG: ") {
            // debug_print_object() is a WARN() with this message.
            self.init(.odebug, expects: [.warning])
        } else if line.hasPrefix("UBSAN: ") {
            self.init(.ubsan)
        } else if line.hasPrefix("watchdog: BUG: soft lockup") || line.hasPrefix("BUG: soft lockup")
                    || line.hasPrefix("watchdog: Watchdog detected hard LOCKUP") {
            // The report kinds have one lockup class; a hard lockup goes there.
            self.init(.softLockup)
        } else if line.hasPrefix("INFO: task "), line.contains(" blocked for more than ") {
            self.init(.hungTask)
        } else if Self.isRCUStall(line) {
            self.init(.rcuStall)
        } else if line.hasPrefix("DEBUG_LOCKS_WARN_ON(") {
            self.init(.lockdep, expects: [.warning])
        } else if Self.isLockdep(line) {
            self.init(.lockdep)
        } else if line.hasPrefix("refcount_t: ") {
            self.init(.refcount, expects: [.warning])
        } else if line.hasPrefix("list_"), line.contains(" corruption") || line.contains(" double add") {
            // WARN() without CONFIG_BUG_ON_DATA_CORRUPTION, BUG() with it.
            self.init(.listCorruption, expects: [.warning, .kernelBug])
        } else if line.hasPrefix("WARNING: CPU: ") {
            self.init(.warning, asFollowUp: .warning)
        } else if line.hasPrefix("kernel BUG at ") || line.hasPrefix("Kernel BUG at ") {
            self.init(.bug, asFollowUp: .kernelBug, expects: [.oops])
        } else if line.hasPrefix("BUG: kernel NULL pointer dereference")
                    || line.hasPrefix("BUG: unable to handle") {
            self.init(.oops, expects: [.oops])
        } else if line.hasPrefix("Oops: ") || line.hasPrefix("general protection fault") {
            self.init(.oops, asFollowUp: .oops)
        } else if line.hasPrefix("BUG: ") || Self.isSlabReport(line) {
            self.init(.bug)
        } else {
            return nil
        }
    }

    /// "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", the
    /// self-detected and expedited forms, and the RCU-tasks flavours (which
    /// print without the "rcu: " prefix).
    private static func isRCUStall(_ line: Substring) -> Bool {
        let text = line.hasPrefix("rcu: ") ? line.dropFirst(5) : line
        return text.hasPrefix("INFO: rcu") && text.contains(" stall")
    }

    /// Lockdep's report titles from kernel/locking/lockdep.c. Other
    /// "WARNING: " lines exist (boot-time mitigation notices) and are benign;
    /// "INFO: lockdep is turned off." only appears inside other reports.
    private static func isLockdep(_ line: Substring) -> Bool {
        if line.hasPrefix("WARNING: ") {
            return lockdepWarnings.contains { line.contains($0) }
        }
        // "[ BUG: Invalid wait context ]": a sleeping lock taken where only spinning ones may be.
        return line.hasPrefix("INFO: possible ") || line.hasPrefix("INFO: trying to register non-static key")
            || line.hasPrefix("[ BUG: ")
            || line.hasPrefix("BUG: MAX_") || line.hasPrefix("BUG: key ")
            || line.hasPrefix("BUG: looking up invalid subclass")
    }

    private static let lockdepWarnings = [
        "possible circular locking dependency", "possible recursive locking",
        "inconsistent lock state", "possible irq lock inversion", "lock order detected",
        "suspicious RCU usage", "bad unlock balance", "held lock freed",
        "lock held when returning to user space", "still has locks held",
        "Nested lock was not taken", "chain_key collision", "bad contention detected",
    ]

    /// SLUB debugging: "BUG kmalloc-64 (Not tainted): Poison overwritten".
    private static func isSlabReport(_ line: Substring) -> Bool {
        line.hasPrefix("BUG ") && line.contains("): ")
    }
}
