import Probes

/// What a scenario needs from the kernel and topology; an unmet one makes the
/// cell a skip with the reason, never a failure.
public enum Requirement: String, Sendable, CaseIterable {
    case group, container, noiommu, cdev, iommufd, type1
    /// The noiommu cdev series: noiommu devices on the device cdev.
    case noiommuCdev = "noiommu-cdev"
    /// The device has no IOMMU group of its own (no vIOMMU): noiommu territory.
    case noIOMMUGroup = "no-iommu-group"
    /// The device sits behind a (virtual) IOMMU: the control case.
    case iommuGroup = "iommu-group"
    /// vfio-pci can bind the device: it has an IOMMU group, or noiommu
    /// mode can stand in for one.
    case bindable

    /// "off", or "not in this kernel" when its config does not know the switch.
    private static func off(_ symbol: String, _ features: VFIOFeatures) -> String {
        features.unknown.contains(symbol) ? "CONFIG_\(symbol) is not in this kernel (its config does not know the option)"
            : "CONFIG_\(symbol) is off in this kernel"
    }

    func unmet(features: VFIOFeatures, hasIOMMUGroup: Bool) -> String? {
        switch self {
        case .group: features.group ? nil : "CONFIG_VFIO_GROUP is off in this kernel"
        case .container: features.container != .none ? nil : "this kernel has no container (neither VFIO_CONTAINER nor IOMMUFD_VFIO_CONTAINER)"
        case .noiommu: features.noiommu ? nil : Self.off("VFIO_NOIOMMU", features)
        case .cdev: features.cdev ? nil : Self.off("VFIO_DEVICE_CDEV", features)
        case .iommufd: features.iommufd ? nil : Self.off("IOMMUFD", features)
        case .type1: features.type1 ? nil : "this kernel has no vfio_iommu_type1 (no legacy container)"
        case .noiommuCdev: features.noiommuCdev ? nil
            : "noiommu cdev not in this kernel (its config has neither CONFIG_IOMMUFD_NOIOMMU nor CONFIG_VFIO_CDEV_NOIOMMU, the series' switch)"
        case .noIOMMUGroup: hasIOMMUGroup ? "the device has a real IOMMU group (viommu topology); noiommu needs a device without one" : nil
        case .iommuGroup: hasIOMMUGroup ? nil : "the device has no IOMMU group (noiommu topology); this control needs a vIOMMU"
        case .bindable: hasIOMMUGroup || features.noiommu ? nil
            : "CONFIG_VFIO_NOIOMMU is off and the device has no IOMMU group: vfio-pci cannot bind it"
        }
    }
}
