/// How the device under test sits: without an IOMMU (noiommu territory)
/// or behind a virtual Intel IOMMU (the control case). Expectation rows are
/// conditioned on it, and a lab guest is built for each. Its raw value is
/// what results documents, cell keys and the guest's command line say.
public enum Topology: String, Sendable, CaseIterable, Codable, Comparable, CustomStringConvertible {
    case noiommu, viommu

    /// By name, as cell keys sorted when the topology was a string.
    public static func < (a: Topology, b: Topology) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }
}
