import Results

/// The mutation check as plain text: mutant x variant -> the cells that
/// killed it, or SURVIVED; then the totals.
public enum KillTable {
    public static func render(_ verdicts: [MutantVerdict], baselineProblems: [Cell]) -> String {
        var lines: [String] = []
        if baselineProblems.isEmpty {
            lines.append("Unmodified kernel: every cell passed or was skipped.")
        } else {
            lines.append("UNMODIFIED KERNEL NOT CLEAN: \(baselineProblems.count) cells; the kill table below cannot be trusted:")
            lines += baselineProblems.map { "  \($0.key): \($0.outcome.rawValue.uppercased()): \($0.evidence.summary)" }
        }
        lines.append("")
        let width = max(6, verdicts.map { $0.mutant.count }.max() ?? 0)
        let variantWidth = max(7, verdicts.map { $0.variant.count }.max() ?? 0)
        lines.append(pad("mutant", width) + "  " + pad("variant", variantWidth) + "  killed by")
        for verdict in verdicts {
            let by = verdict.survived ? "SURVIVED" : summary(verdict.killers)
            let errors = verdict.errors.isEmpty ? "" : "  (\(verdict.errors.count) cells errored)"
            lines.append(pad(verdict.mutant, width) + "  " + pad(verdict.variant, variantWidth) + "  " + by + errors)
        }
        let mutants = Dictionary(grouping: verdicts, by: \.mutant)
        let killed = mutants.values.filter { $0.contains { !$0.survived } }.count
        lines.append("")
        lines.append("\(killed) of \(mutants.count) mutants killed; \(verdicts.filter(\.survived).count) of \(verdicts.count) mutant-variant pairs survived")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "hang: unregister/unbind-while-device-open (noiommu); fail: 3 more".
    static func summary(_ cells: [Cell]) -> String {
        let byOutcome = Dictionary(grouping: cells, by: \.outcome)
        return [Outcome.crash, .hang, .fail].compactMap { outcome in
            guard let cells = byOutcome[outcome] else { return nil }
            let named = cells.prefix(2).map { "\($0.scenario) (\($0.topology))" }.joined(separator: ", ")
            return "\(outcome.rawValue) \(cells.count): \(named)\(cells.count > 2 ? ", ..." : "")"
        }.joined(separator: "; ")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
