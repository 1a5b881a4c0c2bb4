import Results

/// What a matrix cell unfolds to in the HTML report: everything the cell
/// recorded, so a reader need not open the JSON to see why it failed.
enum HTMLEvidence {
    static func render(_ cell: Cell) -> String {
        let evidence = cell.evidence
        let e = Markup.escape
        var parts: [String] = []
        let kernel = (cell.kernel.map { " on \(e($0))" } ?? "") + (cell.patch.map { $0.index > 0 ? " at patch \($0.index): \(e($0.subject))" : "" } ?? "")
        parts.append("<p class=\"where\"><b>\(e(cell.key.description))</b> \(cell.outcome.rawValue.uppercased()) in \(FixedPoint.format(cell.duration, decimals: 3)) s\(kernel)</p>")
        if evidence.step != nil || evidence.expected != nil || evidence.observed != nil {
            let step = evidence.step.map { "step <code>\(e($0))</code>: " } ?? ""
            let expected = evidence.expected.map { "expected <code>\(e($0))</code> " } ?? ""
            let observed = evidence.observed.map { "observed <code>\(e($0))</code>" } ?? ""
            parts.append("<p>\(step)\(expected)\(observed)</p>")
        }
        if let reason = evidence.reason { parts.append("<p>reason: \(e(reason))</p>") }
        for report in evidence.kernelReports {
            parts.append("<div class=\"report\"><p><b>kernel \(e(report.kind.rawValue))</b>: \(e(report.headline))</p><pre>\(e(report.excerpt.joined(separator: "\n")))</pre></div>")
        }
        if !evidence.invariants.isEmpty {
            parts.append("<p>invariants broken:</p><ul>" + evidence.invariants.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        if !evidence.steps.isEmpty {
            let rows = evidence.steps.map { step in
                let failed = step.name == evidence.step ? " class=\"failed\"" : ""
                return "<tr\(failed)><td>\(e(step.name))</td><td>\(e(step.observed))</td><td>\(step.errno.map(String.init) ?? "")</td><td>\(FixedPoint.format(step.seconds, decimals: 3))</td></tr>"
            }
            parts.append("<table class=\"grid\"><tr><th>step</th><th>observed</th><th>errno</th><th>s</th></tr>" + rows.joined() + "</table>")
        }
        if let console = evidence.console, !console.isEmpty {
            parts.append("<p>console tail:</p><pre>\(e(console.joined(separator: "\n")))</pre>")
        }
        return parts.joined(separator: "\n")
    }
}
