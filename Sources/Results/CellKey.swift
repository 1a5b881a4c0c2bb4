/// Where a cell sits in the matrix. Results from shards, resumed runs and
/// baselines are matched on this key, so the same scenario on another kernel
/// is another cell.
public struct CellKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The kernel release; empty for a cell that never said (schema 1 without one).
    public var kernel: String
    public var variant: String
    public var topology: String
    public var scenario: String

    public init(kernel: String = "", variant: String, topology: String, scenario: String) {
        self.kernel = kernel
        self.variant = variant
        self.topology = topology
        self.scenario = scenario
    }

    public var description: String { (kernel.isEmpty ? "" : "\(kernel)/") + "\(variant)/\(topology)/\(scenario)" }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.kernel, a.variant, a.topology, a.scenario) < (b.kernel, b.variant, b.topology, b.scenario)
    }
}
