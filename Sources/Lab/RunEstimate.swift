import Results
import Synchronization

/// The time a batch's guests have left, from what earlier runs in this cache
/// took (`CellTimings`), not from the pace so far: guests differ tenfold
/// (a race cell against a sysfs read), so a pace is wrong until the end.
/// The guests are scheduled as the lab runs them, `jobs` at a time in
/// order, so the estimate is the time the last slot comes free. A cell the
/// cache never timed counts as the mean of this run's cells once a tenth of
/// them finished, a boot as the mean of this run's boots so far; before
/// that there is no estimate.
final class RunEstimate: Sendable {
    struct Guest: Sendable {
        /// Each planned scenario's seconds, nil where the cache has none.
        var cells: [String: Double?]
        var boot: Double?
        var started: Double?
        var ended = false
    }

    private let state: Mutex<(guests: [Guest], finished: [Double], boots: [Double])>
    private let jobs: Int
    let total: Int
    /// What the estimate said when a tenth of the cells had finished, and when.
    private let checkpoint = Mutex<(said: Double, at: Double)?>(nil)

    init(_ guests: [Guest], jobs: Int) {
        state = Mutex((guests, [], []))
        self.jobs = max(1, jobs)
        total = guests.map(\.cells.count).reduce(0, +)
    }

    func started(_ guest: Int, at now: Double) {
        state.withLock { $0.guests[guest].started = now }
    }

    func ended(_ guest: Int) {
        state.withLock { $0.guests[guest].ended = true }
    }

    /// Takes the cell off its guest's plan; the cells finished so far.
    func finished(_ cell: Cell, guest: Int, at now: Double) -> Int {
        let done = state.withLock { state in
            state.guests[guest].cells[cell.scenario] = nil
            // A cell finished: the guest is past its boot, which took this long.
            if state.guests[guest].boot != 0, let started = state.guests[guest].started {
                state.boots.append(max(0, now - started - cell.duration))
            }
            state.guests[guest].boot = 0
            state.finished.append(cell.duration)
            return state.finished.count
        }
        if done * 10 >= total, checkpoint.withLock({ $0 == nil }), let left = remaining(at: now) {
            checkpoint.withLock { $0 = (left, now) }
        }
        return done
    }

    /// Seconds left, or nil while some planned cell has no figure to go by.
    func remaining(at now: Double) -> Double? {
        state.withLock { state -> Double? in
            let mean = { (values: [Double]) in values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
            let fallback = state.finished.count * 10 >= total ? mean(state.finished) : nil
            let bootFallback = mean(state.boots)
            var running: [Double] = [], pending: [Double] = []
            for guest in state.guests where !guest.ended {
                var work = 0.0
                for seconds in guest.cells.values {
                    guard let seconds = seconds ?? fallback else { return nil }
                    work += seconds
                }
                guard let boot = guest.boot ?? bootFallback else { return nil }
                if let started = guest.started {
                    running.append(work + max(0, boot - (now - started)))
                } else {
                    pending.append(work + boot)
                }
            }
            var slots = (running + Array(repeating: 0, count: max(0, jobs - running.count))).sorted()
            for work in pending {
                slots[0] += work
                slots.sort()
            }
            return slots.last ?? 0
        }
    }

    /// "at 10% of the cells (30/300, after 12s) it said 1m50s left; the rest
    /// took 1m41s": how far to trust the next run's estimate.
    func verdict(endedAt now: Double) -> String? {
        guard let (said, at) = checkpoint.withLock({ $0 }) else { return nil }
        return "estimate: at 10% of the cells (after \(Progress.clock(at))) it said \(Progress.clock(said)) left; the rest took \(Progress.clock(now - at))"
    }
}
