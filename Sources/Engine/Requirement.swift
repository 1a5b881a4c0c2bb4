import Probes

/// What a scenario needs from the kernel and topology; an unmet one makes the
/// cell a skip with the reason, never a failure.
public enum Requirement: Sendable, Hashable {
    case feature(Feature)
    /// The device has no IOMMU group of its own (no vIOMMU): noiommu territory.
    case noIOMMUGroup
    /// The device sits behind a (virtual) IOMMU: the control case.
    case iommuGroup
    /// vfio-pci can bind the device: it has an IOMMU group, or noiommu
    /// mode can stand in for one.
    case bindable

    /// As `explain` prints it: the feature's name, or the topology's condition.
    public var name: String {
        switch self {
        case let .feature(feature): feature.rawValue
        case .noIOMMUGroup: "no-iommu-group"
        case .iommuGroup: "iommu-group"
        case .bindable: "bindable"
        }
    }

    func unmet(features: VFIOFeatures, hasIOMMUGroup: Bool) -> String? {
        switch self {
        case let .feature(feature): feature.missing(from: features)
        case .noIOMMUGroup: hasIOMMUGroup ? "the device has a real IOMMU group (viommu topology); noiommu needs a device without one" : nil
        case .iommuGroup: hasIOMMUGroup ? nil : "the device has no IOMMU group (noiommu topology); this control needs a vIOMMU"
        case .bindable: hasIOMMUGroup || features.noiommu ? nil
            : "CONFIG_VFIO_NOIOMMU is off and the device has no IOMMU group: vfio-pci cannot bind it"
        }
    }
}
