extension KernelReport {
    /// The report in one line, as kernel people quote one in a reply or a
    /// bug title: what the checker found and the function it found it in,
    /// offsets dropped so the same bug reads the same in every run.
    /// "KASAN: slab-use-after-free in vfio_device_fops_release [vfio]",
    /// "possible circular locking dependency: &group->group_lock at vfio_df_group_close",
    /// "sleeping function called from invalid context in lkdtm_SPINLOCKUP".
    /// Other kinds keep their headline, which already says it.
    public var title: String {
        // "[ BUG: Invalid wait context ]" is lockdep's bracketed form of "BUG: ...".
        let unbracketed = headline.hasPrefix("[ ") && headline.hasSuffix(" ]") ? String(headline.dropFirst(2).dropLast(2)) : headline
        let what = Self.withoutRunDetails(Self.dropping(["BUG: ", "WARNING: "], from: unbracketed))
        switch kind {
        case .kasan, .kfence, .ubsan:
            return what
        case .listCorruption:
            // "list_add corruption. next->prev should be prev (ffff8880049efc90), but was ...": the addresses differ every run.
            let found = what.firstRange(of: " (").map { String(what[..<$0.lowerBound]) } ?? what
            return culprit.map { "\(found) in \($0)" } ?? found
        case .lockdep:
            let found = what.hasSuffix(" detected") ? String(what.dropLast(" detected".count)) : what
            return lockdepAcquisition.map { "\(found): \($0)" } ?? found
        case .sleepInAtomic:
            // "... invalid context at kernel/locking/mutex.c:283", "scheduling while atomic: init/51/0x00000002".
            let found = [" at ", ": "].compactMap { what.firstRange(of: $0)?.lowerBound }.min().map { String(what[..<$0]) } ?? what
            return culprit.map { "\(found) in \($0)" } ?? found
        case .odebug:
            // "ODEBUG: activate active (active state 1) object: 00000000a1b2 object type: rcu_head hint: 0x0"
            let action = what.firstRange(of: " (").map { String(what[..<$0.lowerBound]) } ?? what
            let type = what.firstRange(of: "object type: ").map { what[$0.upperBound...].prefix { $0 != " " } }
            return action + (type.map { " \($0)" } ?? "") + (culprit.map { " in \($0)" } ?? "")
        default:
            return headline
        }
    }

    /// The function that did what the checker caught: the first frame of the
    /// call trace past the checker's own reporting machinery.
    var culprit: String? {
        callTrace.lazy.filter { !$0.hasPrefix("? ") }.map { Self.function(of: $0) }
            .first { function in !Self.machinery.contains { function.hasPrefix($0) } }
    }

    /// Frames the checkers themselves put on the stack while reporting.
    private static let machinery = [
        "dump_stack", "show_stack", "__might_resched", "__might_sleep", "__might_fault", "might_sleep",
        "__schedule_bug", "__schedule", "schedule", "__warn", "warn_slowpath", "report_bug", "handle_bug",
        "exc_invalid_op", "asm_exc_invalid_op", "debug_print_object", "debug_object_", "__debug_object",
        "debug_check_no_obj", "__call_rcu", "call_rcu", "kvfree_call_rcu",
    ]

    /// "the lock it was trying to acquire at the function": lockdep prints
    /// "TASK/PID is trying to acquire lock:" (or "... is trying to lock:") and then
    /// "ffff888003a1c0a8 (&group->group_lock){+.+.}-{4:4}, at: vfio_df_group_close+0x2c/0x110 [vfio]".
    private var lockdepAcquisition: String? {
        guard let index = excerpt.firstIndex(where: { $0.hasSuffix(" is trying to acquire lock:") || $0.hasSuffix(" is trying to lock:") }),
              index + 1 < excerpt.count else { return nil }
        let line = excerpt[index + 1]
        guard let open = line.firstIndex(of: "("), let close = line[open...].firstIndex(of: ")"),
              let at = line.firstRange(of: ", at: ") else { return nil }
        let lock = line[line.index(after: open)..<close]
        return "\(lock) at \(Self.function(of: String(line[at.upperBound...])))"
    }

    /// "vfio_df_group_close+0x2c/0x110 [vfio]" -> "vfio_df_group_close".
    static func function(of frame: String) -> String {
        let bare = frame.hasPrefix("? ") ? frame.dropFirst(2) : Substring(frame)
        return String(bare.prefix { $0 != "+" && $0 != " " })
    }

    /// "in vfio_device_fops_release+0x1d1/0x1f0 [vfio]" -> "in vfio_device_fops_release [vfio]";
    /// a source path as an O= build prints it, "../../source/linux-6.12/drivers/vfio/group.c:65",
    /// from the tree's top: "drivers/vfio/group.c:65".
    static func withoutRunDetails(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            if word.hasPrefix("../"), let top = topDirectories.lazy.compactMap({ word.firstRange(of: "/" + $0) }).first {
                return word[word.index(after: top.lowerBound)...]
            }
            guard let plus = word.firstIndex(of: "+"), word[plus...].hasPrefix("+0x") else { return word }
            return word[..<plus]
        }.joined(separator: " ")
    }

    /// The kernel tree's top-level source directories.
    private static let topDirectories = ["arch/", "block/", "crypto/", "drivers/", "fs/", "include/", "init/", "io_uring/",
                                         "ipc/", "kernel/", "lib/", "mm/", "net/", "security/", "sound/", "virt/"]

    private static func dropping(_ prefixes: [String], from text: String) -> String {
        prefixes.first { text.hasPrefix($0) }.map { String(text.dropFirst($0.count)) } ?? text
    }
}
