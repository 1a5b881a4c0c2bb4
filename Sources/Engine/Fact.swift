import Probes
import Results

/// What an expectation row may be conditioned on: a detected kernel feature
/// or the guest topology, each with the values it can take, so a row with a
/// typo in a key or a value is refused when the table loads.
public enum Fact: Hashable, CaseIterable, Sendable, Comparable, RawRepresentable {
    case feature(Feature)
    case topology
    case iommuGroup
    /// Whether the device is bound to vfio-pci: known only where what a
    /// race round left is judged, so a row that names it is for that alone.
    case bound

    public static let allCases: [Fact] = Feature.allCases.map(Fact.feature) + [.topology, .iommuGroup, .bound]

    public init?(rawValue: String) {
        guard let fact = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = fact
    }

    public var rawValue: String {
        switch self {
        case let .feature(feature): feature.rawValue
        case .topology: "topology"
        case .iommuGroup: "iommu-group"
        case .bound: "bound"
        }
    }

    public var values: [String] {
        switch self {
        case let .feature(feature): feature.values
        case .topology: Topology.allCases.map(\.rawValue)
        case .iommuGroup, .bound: ["y", "n"]
        }
    }

    /// The facts of a kernel with `features`, its device in `topology`.
    static func of(_ features: VFIOFeatures, topology: Topology, hasIOMMUGroup: Bool) -> [Fact: String] {
        var facts = Dictionary(uniqueKeysWithValues: Feature.allCases.map { (Fact.feature($0), features[$0]) })
        facts[.topology] = topology.rawValue
        facts[.iommuGroup] = hasIOMMUGroup ? "y" : "n"
        return facts
    }

    /// `key=value,...` in a stable order, for messages.
    static func text(_ facts: [Fact: String]) -> String {
        facts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
    }

    public static func < (lhs: Fact, rhs: Fact) -> Bool { lhs.rawValue < rhs.rawValue }
}
