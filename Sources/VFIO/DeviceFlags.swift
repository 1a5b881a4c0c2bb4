/// The flags VFIO_DEVICE_GET_INFO reports.
public struct DeviceFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// VFIO_DEVICE_RESET is supported.
    public static let reset = DeviceFlags(rawValue: 1 << 0)
    public static let pci = DeviceFlags(rawValue: 1 << 1)
    public static let platform = DeviceFlags(rawValue: 1 << 2)
    public static let amba = DeviceFlags(rawValue: 1 << 3)
    public static let ccw = DeviceFlags(rawValue: 1 << 4)
    public static let ap = DeviceFlags(rawValue: 1 << 5)
    public static let fslMC = DeviceFlags(rawValue: 1 << 6)
    /// The info struct carries a capability chain beyond the fixed fields.
    public static let caps = DeviceFlags(rawValue: 1 << 7)
    public static let cdx = DeviceFlags(rawValue: 1 << 8)
}
