import Host
import Results

/// One stderr line per finished cell, so a terminal or CI log shows the
/// matrix as it fills.
final class CellProgress: @unchecked Sendable {
    // Only the thread that runs the matrix calls show().
    private let total: Int
    private var done = 0

    init(total: Int) { self.total = total }

    func show(_ cell: Cell) {
        done += 1
        let counter = "[\(done)/\(total)]"
        let duration = Double(Int(cell.duration * 10)) / 10
        var line = "\(counter) \(cell.outcome.rawValue.uppercased()) \(cell.variant)/\(cell.topology)/\(cell.scenario) \(duration)s"
        if cell.outcome != .pass { line += ": \(cell.evidence.summary)" }
        StandardError.write(line + "\n")
    }
}
