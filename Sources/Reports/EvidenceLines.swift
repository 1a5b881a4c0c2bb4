import Results

/// A cell's evidence spelled out in plain lines, for the formats that carry a
/// free-form body: the text of a JUnit failure and KTAP diagnostic lines.
enum EvidenceLines {
    static func lines(for cell: Cell) -> [String] {
        let evidence = cell.evidence
        var lines: [String] = []
        if let step = evidence.step { lines.append("step: \(step)") }
        if let expected = evidence.expected { lines.append("expected: \(expected)") }
        if let observed = evidence.observed { lines.append("observed: \(observed)") }
        if let reason = evidence.reason { lines.append("reason: \(reason)") }
        for report in evidence.kernelReports {
            lines += reportLines(report)
            lines.append("  log:")
            lines += report.excerpt.map { "    " + $0 }
        }
        for report in evidence.notedReports ?? [] {
            lines += reportLines(report).enumerated().map { $0.offset == 0 ? "noted, not failing the cell: " + $0.element : $0.element }
        }
        lines += evidence.invariants.map { "invariant broken: \($0)" }
        if let line = reproducerLine(cell) { lines.append(line) }
        if !evidence.steps.isEmpty {
            lines.append("steps:")
            lines += evidence.steps.map { "  " + step($0) }
        }
        if let console = evidence.console, !console.isEmpty {
            lines.append("console tail:")
            lines += console.map { "  " + $0 }
        }
        let kernel = cell.kernel.map { " on \($0)" } ?? ""
        lines.append("duration: \(FixedPoint.format(cell.duration, decimals: 3)) s\(kernel)")
        return lines.map { PlainText.clean($0) }
    }

    /// A kernel report as it reads in a review: "kernel oops: " and its
    /// headline, then the RIP and the call trace indented, decoded to
    /// file:line where the build allowed it.
    static func reportLines(_ report: KernelReport) -> [String] {
        let lines = report.summaryLines
        return ["kernel \(report.kind.rawValue): \(lines[0])"] + lines.dropFirst().map { "  " + $0 }
    }

    /// "reproducer: 23 kernel calls (...): `vfio-conformance repro RESULTS
    /// KEY` writes repro.c and run.sh"; nil for a cell without one.
    static func reproducerLine(_ cell: Cell) -> String? {
        cell.evidence.reproducer.map { reproducer in
            "reproducer: \(reproducer.calls) kernel calls, \(reproducer.proof ?? "not yet run again outside the cell"): "
                + "`vfio-conformance repro RESULTS \(cell.key)` writes repro.c and run.sh"
        }
    }

    /// The evidence's one-line summary, never blank: a problem line that
    /// ends in a bare colon reads like a truncated report.
    static func summary(of cell: Cell) -> String {
        let summary = PlainText.clean(cell.evidence.summary)
        return summary.isEmpty ? "no evidence recorded" : summary
    }

    /// "open group: EPERM (errno 1, 0.002 s)".
    private static func step(_ step: StepRecord) -> String {
        let errno = step.errno.map { "errno \($0), " } ?? ""
        return "\(step.name): \(step.observed) (\(errno)\(FixedPoint.format(step.seconds, decimals: 3)) s)"
    }
}
