import Results

/// Plain text to paste into a review reply on a mailing list: at most 72
/// columns a line, no colour, ending in its verdict: the failures with one
/// line of evidence each, or the Tested-by: trailer the run earned.
public enum MailReport {
    private static let width = 72

    public static func render(_ document: ResultsDocument, testedBy: TestedBy? = nil) -> String {
        let matrix = Matrix(document)
        let run = document.run
        var lines = ["\(PlainText.clean(run.tool)) results", ""]
        lines += wrap("Kernel source: \(run.source ?? "unknown")")
        let releases = Set(document.cells.compactMap(\.kernel)).sorted()
        if !releases.isEmpty { lines += wrap("Kernel release: " + releases.joined(separator: ", ")) }
        if run.patches.isEmpty {
            lines.append("Patches: none")
        } else if !matrix.steps.isEmpty {
            lines.append("Patches, tested one at a time on the base tree:")
            lines += matrix.steps.dropFirst().flatMap { wrap("\($0.index). \($0.subject)", indent: "  ") }
        } else {
            lines.append("Patches:")
            lines += run.patches.flatMap { wrap($0, indent: "  ") }
        }
        if !run.topologies.isEmpty { lines += wrap("Topologies: " + run.topologies.map(\.rawValue).joined(separator: ", ")) }

        if !run.variants.isEmpty {
            lines += ["", "Variants:"]
            // A variant that built at every patch step is one entry; one that did not says at which.
            var listed = Set<String>()
            for var variant in run.variants {
                if variant.effectiveState == .runs {
                    variant.patch = nil
                    guard listed.insert(variant.label).inserted else { continue }
                }
                lines += wrap("\(variant.label): \(variant.description)", indent: "  ")
                switch variant.effectiveState {
                case .runs: break
                case .unavailable: lines += wrap("not available on this kernel: \(variant.reason ?? "")", indent: "    ")
                case .dropped:
                    lines += wrap("dropped by Kconfig: \(variant.reason ?? "")", indent: "    ")
                    lines += variant.dropped.flatMap { wrap($0, indent: "      ") }
                case .buildFailed:
                    lines += ["    does not build:"]
                    lines += (variant.reason ?? "").split(separator: "\n").flatMap { wrap(String($0), indent: "      ") }
                }
            }
        }

        lines += [""] + wrap(matrix.counts)
        if !document.untestedReasons.isEmpty {
            lines.append("Nothing was tested:")
            lines += document.untestedReasons.flatMap { wrap($0, indent: "  ") }
        }

        for (title, changes) in SeriesDiff(series: document)?.behaviourChanges ?? [] {
            lines += [""] + wrap("\(SeriesDiff.behaviourTitle), \(title):") + changes.flatMap { wrap($0, indent: "  ") }
        }

        let divergences = Divergences.find(in: document)
        if !divergences.isEmpty {
            lines += ["", Divergences.title(divergences) + ":"]
            for divergence in divergences {
                lines += wrap(divergence.place, indent: "  ")
                lines += divergence.differences.flatMap { wrap($0, indent: "    ") }
                lines += EvidenceLines.reproducerLine(divergence.compat).map { wrap($0, indent: "    ") } ?? []
            }
        }
        lines += [""] + verdict(MailVerdict(document), of: matrix, testedBy: testedBy)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Last, after a blank line, where b4 and reviewers look for trailers;
    /// a run that earned none says why in the trailer's place.
    private static func verdict(_ verdict: MailVerdict, of matrix: Matrix, testedBy: TestedBy?) -> [String] {
        switch verdict {
        case .tested:
            if let testedBy { return [testedBy.trailer] }
            return wrap("No Tested-by: trailer given: add one with `vfio-conformance report FILE --format mail --tested-by \"Name <email>\"` (by default git's user.name and user.email).")
        case .nothingTested:
            return wrap("No Tested-by: no cell passed, so nothing was tested.")
        case let .problems(cells):
            let first = matrix.firstFailures
            let firstFailures = first.isEmpty ? [] : [FirstFailure.title + ":"] + first.flatMap { wrap($0.line, indent: "  ") } + [""]
            var traces = TraceLines()
            return firstFailures + wrap("No Tested-by: \(cells.count) of \(matrix.document.cells.count) cells went wrong:") + cells.flatMap { cell in
                wrap("\(cell.outcome.rawValue.uppercased()) \(matrix.name(of: cell))", indent: "  ")
                    + summary(of: cell)
                    + traces.lines(for: cell, indent: "    ", width: width)
                    + (EvidenceLines.reproducerLine(cell).map { wrap($0, indent: "    ") } ?? [])
            }
        }
    }

    /// One line, cut to the width; a kernel report's headline is wrapped
    /// instead, since its end (the faulting address) is what it says.
    private static func summary(of cell: Cell) -> [String] {
        let summary = EvidenceLines.summary(of: cell)
        guard !cell.evidence.kernelReports.isEmpty, summary.count + 4 > width else {
            return [PlainText.truncate("    " + summary, width: width)]
        }
        return wrap(summary, indent: "    ")
    }

    private static func wrap(_ text: String, indent: String = "") -> [String] {
        PlainText.wrap(text, width: width, indent: indent)
    }
}
