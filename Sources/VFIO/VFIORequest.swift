import CSupport

/// ioctl request numbers of the VFIO and iommufd uapi, from the harness's
/// own copy of the headers (CSupport's vfio_uapi.h), which the lab checks
/// against each kernel tree's.
public enum VFIORequest {
    public static let getAPIVersion = UInt(CS_VFIO_GET_API_VERSION)
    public static let checkExtension = UInt(CS_VFIO_CHECK_EXTENSION)
    public static let setIOMMU = UInt(CS_VFIO_SET_IOMMU)
    public static let groupGetStatus = UInt(CS_VFIO_GROUP_GET_STATUS)
    public static let groupSetContainer = UInt(CS_VFIO_GROUP_SET_CONTAINER)
    public static let groupUnsetContainer = UInt(CS_VFIO_GROUP_UNSET_CONTAINER)
    public static let groupGetDeviceFD = UInt(CS_VFIO_GROUP_GET_DEVICE_FD)
    public static let deviceGetInfo = UInt(CS_VFIO_DEVICE_GET_INFO)
    public static let deviceReset = UInt(CS_VFIO_DEVICE_RESET)
    public static let deviceSetIRQs = UInt(CS_VFIO_DEVICE_SET_IRQS)
    public static let deviceBindIOMMUFD = UInt(CS_VFIO_DEVICE_BIND_IOMMUFD)
    public static let deviceAttachIOMMUFDPT = UInt(CS_VFIO_DEVICE_ATTACH_IOMMUFD_PT)
    public static let deviceDetachIOMMUFDPT = UInt(CS_VFIO_DEVICE_DETACH_IOMMUFD_PT)
    public static let iommuDestroy = UInt(CS_IOMMU_DESTROY)
    public static let iommuIOASAlloc = UInt(CS_IOMMU_IOAS_ALLOC)
    public static let iommuIOASMap = UInt(CS_IOMMU_IOAS_MAP)
    public static let iommuIOASUnmap = UInt(CS_IOMMU_IOAS_UNMAP)

    /// The uapi's name of a request, as vfio.h and iommufd.h define it: what
    /// a reproducer spells its ioctls with. nil for a number read from the
    /// tree (the noiommu PA query).
    public static func name(of request: UInt) -> String? {
        let names: [UInt: String] = [
            getAPIVersion: "VFIO_GET_API_VERSION", checkExtension: "VFIO_CHECK_EXTENSION", setIOMMU: "VFIO_SET_IOMMU",
            groupGetStatus: "VFIO_GROUP_GET_STATUS", groupSetContainer: "VFIO_GROUP_SET_CONTAINER",
            groupUnsetContainer: "VFIO_GROUP_UNSET_CONTAINER", groupGetDeviceFD: "VFIO_GROUP_GET_DEVICE_FD",
            deviceGetInfo: "VFIO_DEVICE_GET_INFO", deviceReset: "VFIO_DEVICE_RESET", deviceSetIRQs: "VFIO_DEVICE_SET_IRQS", deviceBindIOMMUFD: "VFIO_DEVICE_BIND_IOMMUFD",
            deviceAttachIOMMUFDPT: "VFIO_DEVICE_ATTACH_IOMMUFD_PT", deviceDetachIOMMUFDPT: "VFIO_DEVICE_DETACH_IOMMUFD_PT",
            iommuDestroy: "IOMMU_DESTROY", iommuIOASAlloc: "IOMMU_IOAS_ALLOC", iommuIOASMap: "IOMMU_IOAS_MAP", iommuIOASUnmap: "IOMMU_IOAS_UNMAP",
        ]
        return names[request]
    }

    /// The iommufd command number (the low byte) as an ioctl request: for
    /// commands whose number is read from the tree under test.
    public static func iommufd(command: UInt8) -> UInt { UInt(CS_IOMMUFD_TYPE) | UInt(command) }
}
