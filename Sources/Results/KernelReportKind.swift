/// The classes of kernel report the kmsg watcher recognises.
public enum KernelReportKind: String, Codable, Sendable, CaseIterable {
    case oops, bug, warning, kasan, kfence, ubsan, lockdep, refcount, odebug
    /// "BUG: KCSAN: data-race in ...": two unmarked accesses, at least one a write, at once.
    case kcsan
    /// "BUG: sleeping function called from invalid context" (DEBUG_ATOMIC_SLEEP)
    /// and "BUG: scheduling while atomic".
    case sleepInAtomic = "sleep-in-atomic"
    case listCorruption = "list-corruption"
    case hungTask = "hung-task"
    case softLockup = "soft-lockup"
    case rcuStall = "rcu-stall"
    case panic
}
