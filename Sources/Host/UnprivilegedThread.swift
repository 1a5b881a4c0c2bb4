import Glibc
import Synchronization

/// Runs work on a new thread that has dropped one capability. Linux keeps
/// credentials per thread, so the rest of the process keeps its privileges,
/// and the thread ends with the work: no pooled thread is left weakened.
/// This is how a privilege check is made on an fd the harness already holds,
/// which a child process could not share.
public enum UnprivilegedThread {
    public static func run<T: Sendable>(without capability: Int32, _ work: @escaping @Sendable () -> T) throws(HostError) -> T {
        let outcome = Mutex<Result<T, HostError>?>(nil)
        let thread = try PThread.start {
            let result = Result { () throws(HostError) -> T in
                try Privilege.dropCapability(capability)
                return work()
            }
            outcome.withLock { $0 = result }
        }.get()
        pthread_join(thread, nil)
        return try outcome.withLock { $0 }!.get()
    }
}
