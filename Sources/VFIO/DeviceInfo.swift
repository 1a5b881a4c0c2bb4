/// What VFIO_DEVICE_GET_INFO reports about a device.
public struct DeviceInfo: Sendable, Equatable {
    public var flags: DeviceFlags
    /// Highest region index + 1, not a count of populated regions.
    public var regions: UInt32
    /// Highest IRQ index + 1.
    public var irqs: UInt32

    public init(flags: DeviceFlags, regions: UInt32, irqs: UInt32) {
        self.flags = flags
        self.regions = regions
        self.irqs = irqs
    }
}
