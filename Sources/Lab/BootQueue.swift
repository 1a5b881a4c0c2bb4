import Host

/// Guests booting in the background while the caller builds the next
/// kernels: one batch at a time (a batch may reuse the guests directory of
/// the one before), each started once the one before has finished.
/// Whatever ends the caller, `drain` waits for the batch under way, so no
/// guest outlives the cache's lock.
final class BootQueue<Value: Sendable> {
    private var running: BackgroundCall<Result<Value, LabError>>?

    /// Waits for the batch under way, starts `work`, and returns what the
    /// batch before gave (nil when there was none).
    func start(_ work: @escaping @Sendable () throws(LabError) -> Value) throws(LabError) -> Value? {
        let previous = try finish()
        running = BackgroundCall { Result { () throws(LabError) in try work() } }
        return previous
    }

    /// What the batch under way gives, once it has; nil when none runs.
    func finish() throws(LabError) -> Value? {
        guard let call = running else { return nil }
        running = nil
        return try call.wait().get()
    }

    /// For a `defer`: waits for the batch under way, whatever it gives.
    func drain() { _ = running?.wait() }
}
