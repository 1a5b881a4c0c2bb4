/// Where a cell sits in the matrix. Results from shards, resumed runs and
/// baselines are matched on this key.
public struct CellKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var variant: String
    public var topology: String
    public var scenario: String

    public init(variant: String, topology: String, scenario: String) {
        self.variant = variant
        self.topology = topology
        self.scenario = scenario
    }

    public var description: String { "\(variant)/\(topology)/\(scenario)" }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.variant, a.topology, a.scenario) < (b.variant, b.topology, b.scenario)
    }
}
