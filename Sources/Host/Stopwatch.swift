/// Seconds since it was made, on a clock no change of the wall time moves:
/// step times, timeouts, and the lab's build, boot and cell times.
public struct Stopwatch: Sendable {
    private let start: ContinuousClock.Instant

    public init(since start: ContinuousClock.Instant = .now) {
        self.start = start
    }

    public var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
