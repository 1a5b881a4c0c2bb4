/// The two kinds of device that offer a device cdev: one behind a (virtual)
/// IOMMU, and a noiommu device on a tree with the noiommu cdev series. The
/// lifecycle in `CdevScenarios` is written once and declared for each, on
/// the fixtures `Setups` declares for a kind.
enum CdevDevice: CaseIterable {
    case viommu, noiommu

    /// The scenario family: `cdev/*` and `noiommu-cdev/*`.
    var family: String { self == .viommu ? "cdev" : "noiommu-cdev" }

    var needs: [Requirement] {
        switch self {
        case .viommu: [.feature(.cdev), .iommuGroup]
        case .noiommu: [.feature(.cdev), .feature(.noiommu), .feature(.noiommuCdev), .noIOMMUGroup]
        }
    }

    /// The kind of device in a scenario's words.
    var noun: String { self == .viommu ? "a device behind the vIOMMU" : "a noiommu device" }

    /// What the vfio-dev entry is called: `vfioN`, or `noiommu-vfioN`
    /// (vfio_device_set_noiommu_and_name() in the series).
    static func entryKind(_ name: String?) -> String {
        guard let name else { return "absent" }
        return name.hasPrefix("noiommu-") ? "noiommu-vfioN" : "vfioN"
    }
}
