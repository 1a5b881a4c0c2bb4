import CSupport
import Dispatch
import Glibc
import Synchronization

/// A call that may block (an unbind or rmmod in the kernel, a make or a QEMU
/// on the host), run on its own thread so the caller can time it out or
/// report progress meanwhile. A call that never returns leaves its thread
/// behind: that kernel is wedged and the cell is a hang. If the kernel kills
/// the thread (an oops in the call) the call never returns either, and the
/// rest of the process carries on.
public final class BackgroundCall<Value: Sendable>: @unchecked Sendable {
    // The lock guards `value`; the semaphore says it has been set.
    private let lock = DispatchSemaphore(value: 1)
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?
    private var tid: Int32?

    public convenience init(_ work: @escaping @Sendable () -> Value) {
        self.init()
        // No thread to be had (the process is at its limit): run it here, without the timeout.
        if case .failure = start(work) { finish(work()) }
    }

    /// For work that must not run on the caller's thread (it changes the
    /// thread's credentials): without a thread of its own there is no call.
    public static func onOwnThread(_ work: @escaping @Sendable () -> Value) throws(HostError) -> BackgroundCall {
        let call = BackgroundCall()
        try call.start(work).get()
        return call
    }

    private init() {}

    private func start(_ work: @escaping @Sendable () -> Value) -> Result<Void, HostError> {
        PThread.start {
            let tid = cs_gettid()
            self.lock.wait()
            self.tid = tid
            self.lock.signal()
            // The recorder PThread handed on says whose call it is: a cell's, or the harness's own.
            let owner = KernelCallRecorder.current.map(ObjectIdentifier.init)
            BackgroundCalls.running.withLock { $0[tid] = owner }
            defer { BackgroundCalls.running.withLock { _ = $0.removeValue(forKey: tid) } }
            self.finish(work())
        }.map { pthread_detach($0) }
    }

    /// The kernel's id of the thread the call runs on, once it started:
    /// what tells a call stuck in the kernel from one still working.
    public var thread: Int32? {
        lock.wait()
        defer { lock.signal() }
        return tid
    }

    private func finish(_ result: Value) {
        lock.wait()
        value = result
        lock.signal()
        done.signal()
    }

    /// The value, or nil when the call has not returned within `seconds`.
    public func wait(seconds: Double) -> Value? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()
        lock.wait()
        defer { lock.signal() }
        return value
    }

    /// The value, however long the call takes.
    public func wait() -> Value {
        done.wait()
        done.signal()
        lock.wait()
        defer { lock.signal() }
        return value!
    }
}

/// The threads of background calls still under way, one given up on by its
/// caller included: where a wait on the harness's own threads is really
/// blocked in the kernel.
public enum BackgroundCalls {
    /// Each call's thread, and the recorder of the calls it makes, if any.
    static let running = Mutex<[Int32: ObjectIdentifier?]>([:])

    public static var threads: [Int32] { running.withLock { $0.keys.sorted() } }

    /// Whether every background call recording into `recorder` (a cell's),
    /// but the one on `thread`, has returned within `seconds`.
    public static func ended(of recorder: KernelCallRecorder, except thread: Int32? = nil, within seconds: Double) -> Bool {
        let owner = ObjectIdentifier(recorder)
        let clock = Stopwatch()
        while true {
            if !running.withLock({ $0.contains { $0.key != thread && $0.value == owner } }) { return true }
            if clock.seconds >= seconds { return false }
            usleep(20_000)
        }
    }
}
