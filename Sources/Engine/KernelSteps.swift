import VFIO

/// Kernel calls written once and run two ways, each under its step's name:
/// as a cell's steps, each recorded and required to succeed
/// (`ScenarioContext`), or as the start of a race's round, which gives up at
/// the first refusal (`RoundStart`). The files both open are the kernel's
/// to track.
protocol KernelSteps {
    associatedtype Failure: Error
    var kernel: CellKernel { get }
    /// Runs `body` as the step: it must succeed.
    func must<T>(_ step: String, _ body: () throws -> T) throws(Failure) -> T
}

extension KernelSteps {
    func openGroup(at node: String, _ step: String = "open group") throws(Failure) -> any GroupFile {
        try must(step) { try kernel.openGroup(node) }
    }

    func openContainer(_ step: String = "open container") throws(Failure) -> any ContainerFile {
        try must(step) { try kernel.openContainer() }
    }

    func openIOMMUFD(_ step: String = "open /dev/iommu") throws(Failure) -> any IOMMUFDFile {
        try must(step) { try kernel.openIOMMUFD() }
    }

    func device(from group: any GroupFile, _ step: String = "GET_DEVICE_FD") throws(Failure) -> any DeviceFile {
        try must(step) { try kernel.openDevice(in: group) }
    }

    /// Puts the group in a new container, before SET_IOMMU.
    func inContainer(_ group: any GroupFile) throws(Failure) -> any ContainerFile {
        let container = try openContainer()
        try must("SET_CONTAINER") { try group.setContainer(container) }
        return container
    }

    /// Puts the group in a container with the IOMMU type that fits the
    /// topology: NOIOMMU without a vIOMMU, TYPE1v2 behind one. Kernels
    /// without a container take an iommufd in its place
    /// (VFIO_GROUP_SET_CONTAINER accepts /dev/iommu).
    func attach(_ group: any GroupFile) throws(Failure) -> any VFIOFile {
        if kernel.features.container == .none {
            let iommufd = try openIOMMUFD()
            try must("SET_CONTAINER iommufd") { try group.setContainer(iommufd) }
            return iommufd
        }
        let container = try inContainer(group)
        let type: IOMMUType = kernel.hasIOMMUGroup ? .type1v2 : .noiommu
        try must("SET_IOMMU \(type)") { try container.setIOMMU(type) }
        return container
    }
}
