import Results

/// Plain text to paste into a review reply on a mailing list: at most 72
/// columns a line, no colour, the failures with one line of evidence each.
public enum MailReport {
    private static let width = 72

    public static func render(_ document: ResultsDocument) -> String {
        let matrix = Matrix(document)
        let run = document.run
        var lines = ["\(PlainText.clean(run.tool)) results", ""]
        lines += wrap("Kernel source: \(run.source ?? "unknown")")
        let releases = Set(document.cells.compactMap(\.kernel)).sorted()
        if !releases.isEmpty { lines += wrap("Kernel release: " + releases.joined(separator: ", ")) }
        if run.patches.isEmpty {
            lines.append("Patches: none")
        } else {
            lines.append("Patches:")
            lines += run.patches.flatMap { wrap($0, indent: "  ") }
        }
        if !run.topologies.isEmpty { lines += wrap("Topologies: " + run.topologies.joined(separator: ", ")) }

        if !run.variants.isEmpty {
            lines += ["", "Variants:"]
            for variant in run.variants {
                lines += wrap("\(variant.label): \(variant.description)", indent: "  ")
                switch variant.effectiveState {
                case .runs: break
                case .unavailable: lines += wrap("not available on this kernel: \(variant.reason ?? "")", indent: "    ")
                case .dropped:
                    lines += wrap("dropped by Kconfig: \(variant.reason ?? "")", indent: "    ")
                    lines += variant.dropped.flatMap { wrap($0, indent: "      ") }
                }
            }
        }

        lines += [""] + wrap(matrix.counts)
        if !document.untestedReasons.isEmpty {
            lines.append("Nothing was tested:")
            lines += document.untestedReasons.flatMap { wrap($0, indent: "  ") }
        }

        let problems = matrix.problems
        if !problems.isEmpty {
            lines += ["", "Failures:"]
            for cell in problems {
                lines += wrap("\(cell.outcome.rawValue.uppercased()) \(cell.key)", indent: "  ")
                lines.append(PlainText.truncate("    " + EvidenceLines.summary(of: cell), width: width))
            }
        }

        let divergences = Divergences.find(in: document)
        if !divergences.isEmpty {
            lines += ["", Divergences.title(divergences) + ":"]
            for divergence in divergences {
                lines += wrap(divergence.place, indent: "  ")
                lines += divergence.differences.flatMap { wrap($0, indent: "    ") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func wrap(_ text: String, indent: String = "") -> [String] {
        PlainText.wrap(text, width: width, indent: indent)
    }
}
