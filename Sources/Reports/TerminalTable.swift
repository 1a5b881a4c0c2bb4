import Results

/// The matrix for a terminal. Without colour it is plain ASCII, so it can be
/// pasted into a mail or a CI log as it is.
public enum TerminalTable {
    public static func render(_ document: ResultsDocument, color: Bool) -> String {
        let matrix = Matrix(document)
        let labels = matrix.columns.indices.map(label(for:))
        let firstWidth = max(matrix.scenarios.map(\.count).max() ?? 0, "scenario".count) + 2
        // Wide enough for the longest glyph, CRASH and ERROR, plus a gap.
        let width = max(labels.map(\.count).max() ?? 0, 5) + 2

        var lines: [String] = []
        if let source = document.run.source {
            let patches = document.run.patches.isEmpty ? "" : " + \(document.run.patches.count) patches"
            lines += [PlainText.clean("kernel source: \(source)\(patches)"), ""]
        }
        lines.append(PlainText.trimmingTrailingSpaces(
            PlainText.pad("scenario", to: firstWidth) + labels.map { PlainText.pad($0, to: width) }.joined()))
        for scenario in matrix.scenarios {
            var row = PlainText.pad(PlainText.clean(scenario), to: firstWidth)
            for column in matrix.columns {
                let outcome = matrix.cell(scenario, in: column)?.outcome
                let glyph = outcome.map { $0.rawValue.uppercased() } ?? "-"
                let padding = String(repeating: " ", count: width - glyph.count)
                row += (color ? outcome.map { paint(glyph, $0) } ?? glyph : glyph) + padding
            }
            lines.append(PlainText.trimmingTrailingSpaces(row))
        }
        lines.append("")
        for (label, column) in zip(labels, matrix.columns) {
            lines.append("  " + PlainText.pad(label, to: width) + PlainText.clean(column.name))
        }
        lines += matrix.steps.isEmpty ? [] : ["", "patch steps:"] + matrix.steps.map { "  \($0.index)  " + PlainText.clean($0.label(of: matrix.seriesLength)) }
        lines += matrix.idleVariants.map { PlainText.clean($0) }
        lines += ["", matrix.counts]
        lines += document.untestedReasons.isEmpty ? [] : ["nothing was tested:"] + document.untestedReasons.map { "  " + PlainText.clean($0) }

        let problems = matrix.problems
        if !problems.isEmpty {
            lines.append("")
            var traces = TraceLines()
            lines += problems.flatMap {
                [PlainText.clean("\(matrix.name(of: $0)): \($0.outcome.rawValue.uppercased()): ") + EvidenceLines.summary(of: $0)]
                    + traces.lines(for: $0, indent: "  ")
            }
        }
        let noted = document.cells.filter { !($0.evidence.notedReports ?? []).isEmpty }
        if !noted.isEmpty {
            lines += ["", "kernel reports noted, not failing their cells (KernelReport.isFinding):"]
            lines += noted.flatMap { cell in
                (cell.evidence.notedReports ?? []).map { PlainText.clean("  \(matrix.name(of: cell)): \($0.kind.rawValue): \($0.title)") }
            }
        }
        for (title, changes) in SeriesDiff(series: document)?.behaviourChanges ?? [] {
            lines += ["", "\(SeriesDiff.behaviourTitle): \(PlainText.clean(title)):"] + changes.map { "  " + PlainText.clean($0) }
        }
        let first = matrix.firstFailures
        if !first.isEmpty {
            lines += ["", FirstFailure.title + ":"] + first.map { "  " + PlainText.clean($0.line) }
        }
        let divergences = Divergences.find(in: document)
        if !divergences.isEmpty {
            lines += ["", Divergences.title(divergences) + ":"]
            lines += divergences.map { PlainText.clean($0.summary) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A, B, ... Z, AA, AB: short enough to keep a dozen columns on a screen.
    private static func label(for index: Int) -> String {
        var label = ""
        var rest = index + 1
        while rest > 0 {
            rest -= 1
            label = String(UnicodeScalar(UInt8(65 + rest % 26))) + label
            rest /= 26
        }
        return label
    }

    private static func paint(_ glyph: String, _ outcome: Outcome) -> String {
        let code = switch outcome {
        case .pass: "32"
        case .skip: "33"
        case .fail: "31"
        case .hang: "35"
        case .crash: "1;97;41"
        case .error: "1;36"
        }
        return "\u{1B}[\(code)m\(glyph)\u{1B}[0m"
    }
}
