import Probes
import Synchronization

/// What the kernel logged since the cell began, and whether it reported a
/// fault. Sendable: a race's lead thread asks after every round while the
/// cell's thread watches the round.
final class CellKernelLog: Sendable {
    private let read: @Sendable () -> [String]
    /// The lines so far; how far `faultSeen` has read them, the last line it
    /// saw a headline in, and whether it found a fault.
    private let state = Mutex<(lines: [String], read: Int, headline: Int, found: Bool)>(([], 0, -1, false))

    init(reading read: @escaping @Sendable () -> [String]) {
        self.read = read
    }

    /// Everything the kernel logged during this cell so far.
    var lines: [String] {
        // Read under the lock: two threads draining at once would append out of order.
        state.withLock { state in
            state.lines += read()
            return state.lines
        }
    }

    /// Whether the kernel has printed a report that fails the cell. Asked
    /// every race round: it looks for headlines only in the lines since it
    /// last looked, and classifies them with the last `excerptLimit` before
    /// them (a report never runs longer) only when that window holds one:
    /// a report begins at a headline, and a bind logs lines every round.
    func faultSeen() -> Bool {
        state.withLock { state in
            state.lines += read()
            guard !state.found, state.lines.count > state.read else { return state.found }
            let from = max(0, state.read - KernelLogClassifier.excerptLimit)
            if let headline = state.lines[state.read...].lastIndex(where: KernelLogClassifier.hasHeadline) { state.headline = headline }
            state.read = state.lines.count
            if state.headline >= from {
                state.found = !KernelLogClassifier.findings(in: Array(state.lines[from...])).findings.isEmpty
            }
            return state.found
        }
    }
}
