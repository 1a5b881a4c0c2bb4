/// Every fixture scenarios are written against, each declared once, here.
enum Setups {
    /// Nothing loaded, nothing bound: what the restorer leaves.
    static let clean = Fixture<Void>(needs: []) { _ in }

    /// A device without an IOMMU group, made a VFIO device by noiommu mode.
    static let noiommuDevice: [Requirement] = [.feature(.group), .feature(.noiommu), .noIOMMUGroup]

    /// The stack loaded with the mode off; the noiommu device not bound.
    static let modeOff = Fixture(stack: .modeOff, needs: noiommuDevice) { _ in }

    /// The noiommu device bound to vfio-pci with the mode on: /dev/vfio/noiommu-N.
    static let noiommuBound = Fixture(stack: .modeOn, needs: noiommuDevice) { s throws(ScenarioStop) in try s.bind() }

    /// The noiommu device bound with the mode on whichever interfaces the
    /// tree has, the group's not needed: for asking a tree what it offers.
    static let noiommuBoundAnyInterface = Fixture(stack: .modeOn, needs: [.feature(.noiommu), .noIOMMUGroup]) { s throws(ScenarioStop) in try s.bind() }

    /// Its group open.
    static let groupOpen = noiommuBound.then { s, _ throws(ScenarioStop) in try s.openGroup() }

    /// Its group open and in a container, before SET_IOMMU.
    static let groupInContainer = groupOpen.then(needs: [.feature(.container)]) { s, group throws(ScenarioStop) in
        (group: group, container: try s.inContainer(group))
    }

    /// The full group path to it open: group, container (or iommufd), device.
    static let noiommuPath = noiommuBound.then { s, _ throws(ScenarioStop) in try s.openDevice() }

    /// The device bound the way its topology allows (noiommu mode on only
    /// without a vIOMMU), group interface present.
    static let bound = Fixture(stack: .forTopology, needs: [.feature(.group), .bindable]) { s throws(ScenarioStop) in try s.bind() }

    /// Its full group path open.
    static let boundPath = bound.then { s, _ throws(ScenarioStop) in try s.openDevice() }

    /// A device behind the vIOMMU bound with the mode on, which must not matter.
    static let realGroupModeOn = Fixture(stack: .modeOn, needs: [.iommuGroup]) { s throws(ScenarioStop) in try s.bind() }

    /// A device behind the vIOMMU bound with the mode off, its group in a container.
    static let realGroupInContainer = Fixture(stack: .modeOff, needs: [.iommuGroup, .feature(.group), .feature(.container)]) { s throws(ScenarioStop) in
        try s.bind()
        let group = try s.openGroup()
        return (group: group, container: try s.inContainer(group))
    }

    // MARK: the device cdev, for each kind of device that offers it

    /// The device bound to vfio-pci: a noiommu device registers its cdev
    /// only with the mode on.
    static func cdevBound(_ kind: CdevDevice) -> Fixture<Void> {
        Fixture(stack: kind == .viommu ? .forTopology : .modeOn, needs: kind.needs) { s throws(ScenarioStop) in try s.bind() }
    }

    /// Its cdev open, not yet bound to an iommufd.
    static func cdevOpen(_ kind: CdevDevice) -> Fixture<any DeviceFile> {
        cdevBound(kind).then { s, _ throws(ScenarioStop) in try s.openCdev() }
    }

    /// Its cdev open and bound to a new iommufd.
    static func cdevBoundToIOMMUFD(_ kind: CdevDevice) -> Fixture<(device: any DeviceFile, iommufd: any IOMMUFDFile)> {
        cdevBound(kind).then { s, _ throws(ScenarioStop) in
            let (device, iommufd) = try s.openAndBind()
            return (device: device, iommufd: iommufd)
        }
    }

    /// Its cdev bound and attached to a new IOAS.
    static func cdevAttached(_ kind: CdevDevice) -> Fixture<(device: any DeviceFile, iommufd: any IOMMUFDFile, ioas: UInt32)> {
        cdevOpen(kind).then { s, device throws(ScenarioStop) in
            let (iommufd, ioas) = try s.bindAndAttach(device)
            return (device: device, iommufd: iommufd, ioas: ioas)
        }
    }
}
