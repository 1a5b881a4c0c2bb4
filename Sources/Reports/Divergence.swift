import Results

/// One (topology, scenario) where iommufd's compat container did not behave
/// like the legacy container it stands in for.
public struct Divergence: Sendable, Equatable {
    public var scenario: String
    public var topology: Topology
    public var legacy: Cell
    public var compat: Cell

    public init(scenario: String, topology: Topology, legacy: Cell, compat: Cell) {
        self.scenario = scenario
        self.topology = topology
        self.legacy = legacy
        self.compat = compat
    }

    /// What differs, legacy side first: the outcome, then each step whose
    /// observations differ. Steps are matched by name rather than position so
    /// that one extra step on one side does not misalign all the rest; a step
    /// that runs more than once is compared as the list of its observations.
    /// What the two cells observed differently. A step one side never ran
    /// (type1 does not exist under iommufd) is a difference of set-up, not of
    /// behaviour, and a skipped cell observed nothing: neither diverges.
    public var differences: [String] {
        guard legacy.outcome != .skip, compat.outcome != .skip else { return [] }
        var found: [String] = []
        if legacy.outcome != compat.outcome {
            found.append("outcome \(legacy.outcome.rawValue.uppercased()) vs \(compat.outcome.rawValue.uppercased())")
        }
        return found + differingSteps.map { "\($0.name): \($0.legacy) vs \($0.compat)" }
    }

    /// The step a reproducer of the divergence decides at: the first whose observations differ.
    public var firstDifferingStep: String? {
        guard legacy.outcome != .skip, compat.outcome != .skip else { return nil }
        return differingSteps.first?.name
    }

    /// The steps both ran whose observations differ, in legacy's order.
    private var differingSteps: [(name: String, legacy: String, compat: String)] {
        let legacySteps = legacy.evidence.steps.filter(\.comparable), compatSteps = compat.evidence.steps.filter(\.comparable)
        let shared = Set(legacySteps.map(\.name)).intersection(compatSteps.map(\.name))
        var seen = Set<String>()
        var found: [(name: String, legacy: String, compat: String)] = []
        for name in legacySteps.map(\.name) where shared.contains(name) && seen.insert(name).inserted {
            let before = Self.observations(of: name, in: legacySteps)
            let after = Self.observations(of: name, in: compatSteps)
            if before != after { found.append((name, before, after)) }
        }
        return found
    }

    /// "6.12.117/noiommu/group/open", or without the kernel where the cells do not say.
    public var place: String {
        (legacy.kernel.map { "\($0)/" } ?? "") + "\(topology)/\(scenario)"
    }

    /// "kernel/topology/scenario: outcome PASS vs FAIL; open group: ok vs EPERM".
    public var summary: String {
        "\(place): " + differences.joined(separator: "; ")
    }

    private static func observations(of name: String, in steps: [StepRecord]) -> String {
        steps.filter { $0.name == name }.map(\.observed).joined(separator: ", ")
    }
}
