/// The two kinds of device that offer a device cdev: one behind a (virtual)
/// IOMMU, and a noiommu device on a tree with the noiommu cdev series. The
/// lifecycle in `CdevScenarios` is written once and declared for each.
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

    /// The device bound to vfio-pci: a noiommu device registers its cdev
    /// only with the mode on.
    var bound: Fixture<Void> {
        Fixture(stack: self == .viommu ? .forTopology : .modeOn, needs: needs) { s throws(ScenarioStop) in try s.bind() }
    }

    /// Its cdev open, not yet bound to an iommufd.
    var open: Fixture<any DeviceFile> { bound.then { s, _ throws(ScenarioStop) in try s.openCdev() } }

    /// Its cdev open and bound to a new iommufd.
    var boundToIOMMUFD: Fixture<(device: any DeviceFile, iommufd: any IOMMUFDFile)> {
        bound.then { s, _ throws(ScenarioStop) in
            let (device, iommufd) = try s.openAndBind()
            return (device: device, iommufd: iommufd)
        }
    }

    /// Its cdev bound and attached to a new IOAS.
    var attached: Fixture<(device: any DeviceFile, iommufd: any IOMMUFDFile, ioas: UInt32)> {
        open.then { s, device throws(ScenarioStop) in
            let (iommufd, ioas) = try s.bindAndAttach(device)
            return (device: device, iommufd: iommufd, ioas: ioas)
        }
    }

    /// What the vfio-dev entry is called: `vfioN`, or `noiommu-vfioN`
    /// (vfio_device_set_noiommu_and_name() in the series).
    static func entryKind(_ name: String?) -> String {
        guard let name else { return "absent" }
        return name.hasPrefix("noiommu-") ? "noiommu-vfioN" : "vfioN"
    }
}
