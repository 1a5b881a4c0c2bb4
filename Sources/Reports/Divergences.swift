import Results

/// Finds where two variants that should behave alike did not. It compares
/// observations, not verdicts: two cells that both pass but saw different
/// errnos still diverge, which is what a reviewer of the compat layer needs.
public enum Divergences {
    public static func find(in document: ResultsDocument, between a: VariantName = "legacy",
                            and b: VariantName = "iommufd-compat") -> [Divergence] {
        let others = Dictionary(
            document.cells.filter { $0.variant == b && $0.mutant == nil }.map { (Pair(kernel: $0.kernel, patch: $0.patch?.index, topology: $0.topology, scenario: $0.scenario), $0) },
            uniquingKeysWith: { _, last in last })
        return document.cells
            .filter { $0.variant == a && $0.mutant == nil }
            .compactMap { cell in
                others[Pair(kernel: cell.kernel, patch: cell.patch?.index, topology: cell.topology, scenario: cell.scenario)].map {
                    Divergence(scenario: cell.scenario, topology: cell.topology, legacy: cell, compat: $0)
                }
            }
            .filter { !$0.differences.isEmpty }
            .sorted { ($0.legacy.kernel ?? "", $0.topology, $0.scenario) < ($1.legacy.kernel ?? "", $1.topology, $1.scenario) }
    }

    /// The header reports put above a list of divergences.
    static func title(_ divergences: [Divergence]) -> String {
        guard let first = divergences.first else { return "" }
        return "Divergences (\(first.legacy.variant) vs \(first.compat.variant))"
    }

    private struct Pair: Hashable {
        var kernel: String?
        /// With --each-patch, legacy and compat are compared at the same patch.
        var patch: Int?
        var topology: Topology
        var scenario: String
    }
}
