/// How the device under test sits: without an IOMMU (noiommu territory)
/// or behind a virtual Intel IOMMU (the control case). Expectation rows are
/// conditioned on it, and a lab guest is built for each.
public enum Topology: String, Sendable, CaseIterable, Codable {
    case noiommu, viommu
}
