import Results

/// GitHub-flavoured Markdown for a pull request or issue comment: the
/// matrix as a table, then the problems with their evidence folded away.
public enum MarkdownReport {
    public static func render(_ document: ResultsDocument) -> String {
        let matrix = Matrix(document)
        let run = document.run
        var lines = ["## \(escape(run.tool)) results", ""]
        if let source = run.source { lines.append("- Kernel source: \(escape(source))") }
        lines += run.patches.map { "- Patch: \(escape($0))" }
        if !matrix.kernels.isEmpty { lines.append("- Kernels: \(matrix.kernels.map(escape).joined(separator: ", "))") }
        lines += matrix.idleVariants.map { "- Variant \(escape($0))" }
        lines += ["- \(matrix.counts)", ""]

        lines += matrix.steps.map { "- \(escape($0.label(of: matrix.seriesLength)))" }
        lines.append("| scenario | " + matrix.columns.map { column in
            (column.patch.map { "patch \($0.index)<br>" } ?? "") + (column.kernel.isEmpty ? "" : "\(escape(column.kernel))<br>")
                + "\(escape(column.variantLabel))<br>\(escape(column.topology.rawValue))"
        }.joined(separator: " | ") + " |")
        lines.append("|---" + String(repeating: "|:---:", count: matrix.columns.count) + "|")
        for scenario in matrix.scenarios {
            let glyphs = matrix.columns.map { column in
                matrix.cell(scenario, in: column).map { glyph($0.outcome) } ?? "–"
            }
            lines.append("| \(escape(scenario)) | " + glyphs.joined(separator: " | ") + " |")
        }

        for (title, changes) in SeriesDiff(series: document)?.behaviourChanges ?? [] {
            lines += ["", "### \(SeriesDiff.behaviourTitle): \(escape(title))", ""] + changes.map { "- \(escape($0))" }
        }
        let first = matrix.firstFailures
        if !first.isEmpty {
            lines += ["", "### \(FirstFailure.title)", ""] + first.map { "- \(escape($0.line))" }
        }

        let problems = matrix.problems
        if !problems.isEmpty {
            lines += ["", "### Problems", ""]
            for cell in problems {
                lines.append("<details><summary><b>\(cell.outcome.rawValue.uppercased())</b> \(Markup.escape(matrix.name(of: cell))): \(Markup.escape(EvidenceLines.summary(of: cell)))</summary>")
                lines += [""] + fenced(EvidenceLines.lines(for: cell)) + ["", "</details>", ""]
            }
        }

        let divergences = Divergences.find(in: document)
        if !divergences.isEmpty {
            lines += ["", "### \(Divergences.title(divergences))", ""]
            lines += divergences.map { divergence in
                "- \(escape("\(divergence.topology)/\(divergence.scenario)")): \(escape(divergence.differences.joined(separator: "; ")))"
                    + (EvidenceLines.reproducerLine(divergence.compat).map { "; " + escape($0) } ?? "")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func glyph(_ outcome: Outcome) -> String {
        let mark = switch outcome {
        case .pass: "✅"
        case .skip: "⏭️"
        case .fail: "❌"
        case .hang: "⏳"
        case .crash: "💥"
        case .error: "⚠️"
        }
        return "\(mark) \(outcome.rawValue)"
    }

    /// Keeps names and evidence from turning into table separators, HTML or
    /// emphasis.
    private static func escape(_ text: String) -> String {
        var out = ""
        for character in PlainText.clean(text) {
            if "\\|*_`[]<>#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A code block whose fence is longer than any run of backticks inside it.
    private static func fenced(_ lines: [String]) -> [String] {
        var fence = "```"
        while lines.contains(where: { $0.contains(fence) }) { fence += "`" }
        return [fence + "text"] + lines + [fence]
    }
}
