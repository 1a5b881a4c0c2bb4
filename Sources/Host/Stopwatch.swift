import Glibc

/// Seconds since it was made, on a clock no change of the wall time moves:
/// step times, timeouts, and the lab's build, boot and cell times.
public struct Stopwatch: Sendable {
    /// CLOCK_MONOTONIC in seconds: a race reads it several times a round,
    /// and ContinuousClock's 128-bit Duration arithmetic costs more than the
    /// clock read itself under TCG.
    private let start: Double

    public init() {
        start = Self.now
    }

    public init(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        self.start = Self.now - Double(elapsed.components.seconds) - Double(elapsed.components.attoseconds) / 1e18
    }

    public var seconds: Double { Self.now - start }

    private static var now: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
