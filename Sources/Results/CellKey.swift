/// Where a cell sits in the matrix. Results from shards, resumed runs and
/// baselines are matched on this key, so the same scenario on another kernel
/// is another cell.
public struct CellKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The kernel release; empty for a cell that never said (schema 1 without one).
    public var kernel: String
    public var variant: VariantName
    public var topology: Topology
    public var scenario: String
    /// The patch step: one run with --each-patch holds the same place once per step.
    public var patch: Int?
    /// The mutant the kernel carried (`Cell.mutant`).
    public var mutant: String?

    /// The key as one file name: "6.12.118-legacy-noiommu-group-taint".
    public var fileName: String { String(description.map { $0 == "/" || $0 == ":" ? "-" : $0 }) }

    public init(kernel: String = "", variant: VariantName, topology: Topology, scenario: String, patch: Int? = nil, mutant: String? = nil) {
        self.kernel = kernel
        self.variant = variant
        self.topology = topology
        self.scenario = scenario
        self.patch = patch
        self.mutant = mutant
    }

    /// The place in the matrix whatever patch step it ran on: what a cell is
    /// compared by across steps, and against a baseline.
    public var place: CellKey { CellKey(kernel: kernel, variant: variant, topology: topology, scenario: scenario, mutant: mutant) }

    public var description: String { (kernel.isEmpty ? "" : "\(kernel)/") + "\(variantLabel)/\(topology)/\(scenario)" }

    /// The variant as the key names it: with its mutant, as when the
    /// mutant was spelled into the variant's name, so keys sort as they did.
    public var variantLabel: String { variant.label(mutant: mutant) }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.patch ?? -1, a.kernel, a.variantLabel, a.topology, a.scenario) < (b.patch ?? -1, b.kernel, b.variantLabel, b.topology, b.scenario)
    }
}
