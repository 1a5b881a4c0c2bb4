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
        let variantWidth = max(7, verdicts.map { $0.variant.rawValue.count }.max() ?? 0)
        lines.append(pad("mutant", width) + "  " + pad("variant", variantWidth) + "  killed by")
        let proving = verdicts.contains { $0.killers.contains { $0.evidence.reproducer?.proof != nil } }
        for verdict in verdicts {
            let errors = verdict.errors.isEmpty ? "" : "  (\(verdict.errors.count) cells errored)"
            lines.append(pad(verdict.mutant, width) + "  " + pad(verdict.variant.rawValue, variantWidth) + "  " + outcome(of: verdict) + errors)
            let indent = pad("", width + variantWidth + 4)
            if let proven = verdict.killers.first(where: { $0.evidence.reproducer?.proof != nil }), let reproducer = proven.evidence.reproducer {
                lines.append(indent + "reproducer (\(proven.scenario), \(reproducer.calls) calls): \(reproducer.proof ?? "")")
            } else if proving && !verdict.survived && !verdict.killers.contains(where: { $0.evidence.reproducer != nil }) {
                lines.append(indent + "reproducer: none: the killing cells were recorded by the host after their guest died, and their calls with it")
            }
        }
        let mutants = Dictionary(grouping: verdicts, by: \.mutant)
        let killed = mutants.values.filter { $0.contains { !$0.survived && !$0.expectedToSurvive } }.count
        let unexpected = verdicts.filter { !$0.asExpected }.count
        let survivors = verdicts.filter(\.expectedToSurvive)
        lines.append("")
        lines.append("\(killed) of \(mutants.count) mutants killed; \(unexpected) of \(verdicts.count) mutant-variant pairs not as expected")
        let proofs = verdicts.compactMap { $0.killers.first { $0.evidence.reproducer?.proof != nil }?.evidence.reproducer?.proof }
        if proving {
            let killed = verdicts.filter { !$0.survived }.count
            lines.append("reproducers: \(proofs.filter { $0.hasPrefix("proven") }.count) of \(killed) killed pairs proven (built, showing the kill on the mutant kernel, passing on the unmodified one); \(killed - proofs.count) without one")
        }
        if !survivors.isEmpty {
            lines.append("\(survivors.filter(\.asExpected).count) of \(survivors.count) pairs meant to survive (the plain kernel cannot see the defect) did")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the pair came to, with the header's claim where it was wrong.
    static func outcome(of verdict: MutantVerdict) -> String {
        switch (verdict.survived, verdict.expectedToSurvive) {
        case (false, false): summary(verdict.killers)
        case (true, false): "SURVIVED"
        case (true, true): verdict.asExpected ? "survived, as expected: only the checker tier sees it" : "NO CELL RAN: cannot show it survives"
        case (false, true): "KILLED, expected to survive: " + summary(verdict.killers)
        }
    }

    /// The first killer to run, the cell the kill is attributed to, then
    /// how many killed in all: "hang: unregister/unbind-while-device-open
    /// (noiommu) first; 4 cells in all (hang 1, fail 3)".
    static func summary(_ cells: [Cell]) -> String {
        guard let first = cells.first else { return "" }
        let counts = [Outcome.crash, .hang, .fail].compactMap { outcome in
            let count = cells.count { $0.outcome == outcome }
            return count > 0 ? "\(outcome.rawValue) \(count)" : nil
        }
        return "\(first.outcome.rawValue): \(first.scenario) (\(first.topology)) first"
            + (cells.count > 1 ? "; \(cells.count) cells in all (\(counts.joined(separator: ", ")))" : "")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
