import CSupport

/// The flags VFIO_DEVICE_GET_INFO reports.
public struct DeviceFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// VFIO_DEVICE_RESET is supported.
    public static let reset = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_RESET)
    public static let pci = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_PCI)
    public static let platform = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_PLATFORM)
    public static let amba = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_AMBA)
    public static let ccw = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_CCW)
    public static let ap = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_AP)
    public static let fslMC = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_FSL_MC)
    /// The info struct carries a capability chain beyond the fixed fields.
    public static let caps = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_CAPS)
    public static let cdx = DeviceFlags(rawValue: CS_VFIO_DEVICE_FLAGS_CDX)
}
