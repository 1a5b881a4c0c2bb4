/// The fixtures scenarios are written against, each declared once.
enum Setups {
    /// Nothing loaded, nothing bound: what the restorer leaves.
    static let clean = Fixture<Void>(needs: []) { _ in }

    /// A device without an IOMMU group, made a VFIO device by noiommu mode.
    static let noiommuDevice: [Requirement] = [.feature(.group), .feature(.noiommu), .noIOMMUGroup]

    /// The stack loaded with the mode off; the noiommu device not bound.
    static let modeOff = Fixture(stack: .modeOff, needs: noiommuDevice) { _ in }

    /// The noiommu device bound to vfio-pci with the mode on: /dev/vfio/noiommu-N.
    static let noiommuBound = Fixture(stack: .modeOn, needs: noiommuDevice) { s throws(ScenarioStop) in try s.bind() }

    /// Its group open.
    static let groupOpen = noiommuBound.then { s, _ throws(ScenarioStop) in try s.openGroup() }

    /// Its group open and in a container, before SET_IOMMU.
    static let groupInContainer = groupOpen.then(needs: [.feature(.container)]) { s, group throws(ScenarioStop) in
        let container = try s.openContainer()
        try s.require("SET_CONTAINER") { try group.setContainer(container) }
        return (group: group, container: container)
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
        let container = try s.openContainer()
        try s.require("SET_CONTAINER") { try group.setContainer(container) }
        return (group: group, container: container)
    }
}
