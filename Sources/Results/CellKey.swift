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

    /// The key as one file name: "6.12.118-legacy-noiommu-group-taint".
    public var fileName: String { String(description.map { $0 == "/" || $0 == ":" ? "-" : $0 }) }

    public init(kernel: String = "", variant: VariantName, topology: Topology, scenario: String, patch: Int? = nil) {
        self.kernel = kernel
        self.variant = variant
        self.topology = topology
        self.scenario = scenario
        self.patch = patch
    }

    /// The place in the matrix whatever patch step it ran on: what a cell is
    /// compared by across steps, and against a baseline.
    public var place: CellKey { CellKey(kernel: kernel, variant: variant, topology: topology, scenario: scenario) }

    public var description: String { (kernel.isEmpty ? "" : "\(kernel)/") + "\(variant)/\(topology)/\(scenario)" }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.patch ?? -1, a.kernel, a.variant, a.topology, a.scenario) < (b.patch ?? -1, b.kernel, b.variant, b.topology, b.scenario)
    }
}
