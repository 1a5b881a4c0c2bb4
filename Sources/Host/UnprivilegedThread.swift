import Glibc

/// Runs work on a new thread that has dropped one capability. Linux keeps
/// credentials per thread, so the rest of the process keeps its privileges,
/// and the thread ends with the work: no pooled thread is left weakened.
/// This is how a privilege check is made on an fd the harness already holds,
/// which a child process could not share.
public enum UnprivilegedThread {
    public static func run<T: Sendable>(without capability: Int32, _ work: @escaping @Sendable () -> T) throws(HostError) -> T {
        let job = ThreadJob(capability: capability)
        var value: T?
        try withUnsafeMutablePointer(to: &value) { slot throws(HostError) in
            // The pointer is used only by the thread, which is joined before this returns.
            nonisolated(unsafe) let slot = slot
            job.body = { slot.pointee = work() }
            try job.runAndJoin()
        }
        return value!
    }
}

/// One thread's work; read back only after pthread_join, hence unchecked.
private final class ThreadJob: @unchecked Sendable {
    let capability: Int32
    var body: () -> Void = {}
    var failure: HostError?

    init(capability: Int32) { self.capability = capability }

    func runAndJoin() throws(HostError) {
        let pointer = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<ThreadJob>.fromOpaque(raw!).takeRetainedValue()
            do {
                try Privilege.dropCapability(job.capability)
                job.body()
            } catch let error as HostError {
                job.failure = error
            } catch {}
            return nil
        }, pointer)
        guard created == 0 else {
            Unmanaged<ThreadJob>.fromOpaque(pointer).release()
            throw .spawn(command: "pthread_create", errno: created)
        }
        pthread_join(thread, nil)
        if let failure { throw failure }
    }
}
