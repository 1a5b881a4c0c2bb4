/// ioctl request numbers of the VFIO and iommufd uapi.
///
/// Both families are `_IO(';', nr)` with no size or direction bits: the
/// structs carry their own argsz/size instead, so the numbers stay stable
/// as the structs grow. VFIO counts from 100, iommufd from 0x80.
public enum VFIORequest {
    public static let getAPIVersion: UInt = 0x3B64
    public static let checkExtension: UInt = 0x3B65
    public static let setIOMMU: UInt = 0x3B66
    public static let groupGetStatus: UInt = 0x3B67
    public static let groupSetContainer: UInt = 0x3B68
    public static let groupUnsetContainer: UInt = 0x3B69
    public static let groupGetDeviceFD: UInt = 0x3B6A
    public static let deviceGetInfo: UInt = 0x3B6B
    public static let deviceReset: UInt = 0x3B6F
    public static let deviceBindIOMMUFD: UInt = 0x3B76
    public static let deviceAttachIOMMUFDPT: UInt = 0x3B77
    public static let deviceDetachIOMMUFDPT: UInt = 0x3B78
    public static let iommuDestroy: UInt = 0x3B80
    public static let iommuIOASAlloc: UInt = 0x3B81
    public static let iommuIOASMap: UInt = 0x3B85
    public static let iommuIOASUnmap: UInt = 0x3B86

    /// The iommufd command number (the low byte) as an ioctl request.
    public static func iommufd(command: UInt8) -> UInt { 0x3B00 | UInt(command) }
}
