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
    public static let deviceBindIOMMUFD = UInt(CS_VFIO_DEVICE_BIND_IOMMUFD)
    public static let deviceAttachIOMMUFDPT = UInt(CS_VFIO_DEVICE_ATTACH_IOMMUFD_PT)
    public static let deviceDetachIOMMUFDPT = UInt(CS_VFIO_DEVICE_DETACH_IOMMUFD_PT)
    public static let iommuDestroy = UInt(CS_IOMMU_DESTROY)
    public static let iommuIOASAlloc = UInt(CS_IOMMU_IOAS_ALLOC)
    public static let iommuIOASMap = UInt(CS_IOMMU_IOAS_MAP)
    public static let iommuIOASUnmap = UInt(CS_IOMMU_IOAS_UNMAP)

    /// The iommufd command number (the low byte) as an ioctl request: for
    /// commands whose number is read from the tree under test.
    public static func iommufd(command: UInt8) -> UInt { UInt(CS_IOMMUFD_TYPE) | UInt(command) }
}
