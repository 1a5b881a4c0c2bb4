/// Runs work on a new thread that has dropped one capability. Linux keeps
/// credentials per thread, so the rest of the process keeps its privileges,
/// and the thread ends with the work: no pooled thread is left weakened.
/// This is how a privilege check is made on an fd the harness already holds,
/// which a child process could not share.
public enum UnprivilegedThread {
    /// The work is a kernel call that can block like any other; one still
    /// running after `seconds` is a timeout, and its thread is left to it.
    public static func run<T: Sendable>(without capability: Int32, timeout seconds: Double,
                                        _ work: @escaping @Sendable () -> T) throws(HostError) -> T {
        let call = try BackgroundCall.onOwnThread {
            Result { () throws(HostError) -> T in
                try Privilege.dropCapability(capability)
                return work()
            }
        }
        guard let result = call.wait(seconds: seconds) else {
            throw .timedOut(operation: "work on a thread without capability \(capability)", seconds: seconds)
        }
        return try result.get()
    }
}
