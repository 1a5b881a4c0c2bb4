/// The classes of kernel report the kmsg watcher recognises.
public enum KernelReportKind: String, Codable, Sendable, CaseIterable {
    case oops, bug, warning, kasan, ubsan, lockdep, refcount
    case listCorruption = "list-corruption"
    case hungTask = "hung-task"
    case softLockup = "soft-lockup"
    case rcuStall = "rcu-stall"
    case panic
}
