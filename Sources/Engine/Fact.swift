import Probes
import Results

/// What an expectation row may be conditioned on: a detected kernel feature
/// or the guest topology, each with the values it can take, so a row with a
/// typo in a key or a value is refused when the table loads.
public enum Fact: String, CaseIterable, Sendable, Comparable {
    case group, container, noiommu, cdev, iommufd, type1
    case noiommuCdev = "noiommu-cdev"
    case topology
    case iommuGroup = "iommu-group"

    public var values: [String] {
        switch self {
        case .container: ContainerFlavour.allCases.map(\.rawValue)
        case .topology: Topology.allCases.map(\.rawValue)
        default: ["y", "n"]
        }
    }

    /// The facts of a kernel with `features`, its device in `topology`.
    static func of(_ features: VFIOFeatures, topology: Topology, hasIOMMUGroup: Bool) -> [Fact: String] {
        let flag = { (on: Bool) in on ? "y" : "n" }
        return [
            .group: flag(features.group), .container: features.container.rawValue, .noiommu: flag(features.noiommu),
            .cdev: flag(features.cdev), .iommufd: flag(features.iommufd), .type1: flag(features.type1),
            .noiommuCdev: flag(features.noiommuCdev), .topology: topology.rawValue, .iommuGroup: flag(hasIOMMUGroup),
        ]
    }

    /// `key=value,...` in a stable order, for messages.
    static func text(_ facts: [Fact: String]) -> String {
        facts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
    }

    public static func < (lhs: Fact, rhs: Fact) -> Bool { lhs.rawValue < rhs.rawValue }
}
