import Results

/// KTAP version 1 (Documentation/dev-tools/ktap.rst): one top-level test per
/// variant/topology pair, its scenarios as subtests indented two spaces.
public enum KTAPReport {
    public static func render(_ document: ResultsDocument) -> String {
        let matrix = Matrix(document)
        var lines = ["KTAP version 1", "1..\(matrix.columns.count)"]
        for (index, column) in matrix.columns.enumerated() {
            let cells = matrix.cells(in: column)
            lines += ["  KTAP version 1", "  1..\(cells.count)"]
            for (number, cell) in cells.enumerated() {
                lines += subtest(cell, number: number + 1).map { "  " + $0 }
            }
            lines += result(for: column, cells: cells, number: index + 1)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Diagnostic lines go before the result line they explain, as the
    /// specification recommends.
    private static func subtest(_ cell: Cell, number: Int) -> [String] {
        let name = description(cell.scenario)
        let summary = EvidenceLines.summary(of: cell)
        let diagnostics = cell.outcome.isProblem ? EvidenceLines.lines(for: cell).map { "# " + $0 } : []
        let line = switch cell.outcome {
        case .pass: "ok \(number) \(name)"
        case .skip: "ok \(number) \(name) # SKIP \(PlainText.clean(cell.evidence.summary))"
        case .fail: "not ok \(number) \(name) # fail: \(summary)"
        case .crash: "not ok \(number) \(name) # crash: \(summary)"
        case .hang: "not ok \(number) \(name) # TIMEOUT \(summary)"
        case .error: "not ok \(number) \(name) # ERROR \(summary)"
        }
        return diagnostics + [PlainText.trimmingTrailingSpaces(line)]
    }

    /// A pair fails when any scenario in it does; skips do not count, but a
    /// pair whose every scenario was skipped (a variant Kconfig dropped) is
    /// itself a skip.
    private static func result(for column: MatrixColumn, cells: [Cell], number: Int) -> [String] {
        let name = description(column.name)
        let problems = cells.filter(\.outcome.isProblem)
        if !problems.isEmpty {
            let tally = Outcome.allCases.filter(\.isProblem).compactMap { outcome in
                let count = problems.filter { $0.outcome == outcome }.count
                return count == 0 ? nil : "\(count) \(outcome.rawValue)"
            }
            return ["# \(name): " + tally.joined(separator: ", "), "not ok \(number) \(name)"]
        }
        if !cells.isEmpty, cells.allSatisfy({ $0.outcome == .skip }) {
            let reasons = Set(cells.map { PlainText.clean($0.evidence.summary) })
            let reason = reasons.count == 1 ? reasons.first! : "every scenario skipped"
            return [PlainText.trimmingTrailingSpaces("ok \(number) \(name) # SKIP \(reason)")]
        }
        return ["ok \(number) \(name)"]
    }

    /// A test description may hold anything but "#" and a newline.
    private static func description(_ name: String) -> String {
        PlainText.clean(name).replacing("#", with: "_")
    }
}
