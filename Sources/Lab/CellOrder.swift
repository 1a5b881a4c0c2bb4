import Results
import Synchronization

/// The order a run's cells finished in, as its guests streamed them: a
/// document lists cells by key, but what a kill is attributed to is the
/// first of its killers to run, since what it did is where the later ones
/// started (mutant 01's group left on the device shows in every cell after).
final class CellOrder: Sendable {
    private let seen = Mutex<[CellKey: Int]>([:])

    func note(_ cell: Cell) {
        seen.withLock { $0[cell.key] = $0[cell.key] ?? $0.count }
    }

    /// `cells` in the order they finished; those never seen last, as given.
    func sorted(_ cells: [Cell]) -> [Cell] {
        let order = seen.withLock { $0 }
        return cells.enumerated().sorted { (order[$0.element.key] ?? .max, $0.offset) < (order[$1.element.key] ?? .max, $1.offset) }.map(\.element)
    }
}
