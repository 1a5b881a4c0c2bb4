/// One PCI function as sysfs showed it when read; re-read rather than kept,
/// since binding changes it.
public struct PCIDevice: Sendable, Equatable, CustomStringConvertible {
    public var address: PCIAddress
    public var vendor: UInt16
    public var device: UInt16
    /// The bound driver's name, nil when unbound.
    public var driver: String?
    /// The IOMMU group number, nil without an IOMMU (e.g. QEMU without a vIOMMU).
    public var iommuGroup: String?
    /// nil when unset (sysfs shows "(null)").
    public var driverOverride: String?

    public init(address: PCIAddress, vendor: UInt16, device: UInt16,
                driver: String? = nil, iommuGroup: String? = nil, driverOverride: String? = nil) {
        self.address = address
        self.vendor = vendor
        self.device = device
        self.driver = driver
        self.iommuGroup = iommuGroup
        self.driverOverride = driverOverride
    }

    /// QEMU's edu or pci-testdev: devices that exist only to be tested, so
    /// nothing on the machine depends on them.
    public var isTestDevice: Bool {
        DeviceSelector.testDevices.contains { $0.vendor == vendor && $0.device == device }
    }

    /// "1234:11e8 at 0000:00:04.0", the form error messages list devices in.
    public var description: String {
        "\(PCIDevice.ids(vendor, device)) at \(address)"
    }

    static func ids(_ vendor: UInt16, _ device: UInt16) -> String {
        "\(Hex.format(vendor, width: 4)):\(Hex.format(device, width: 4))"
    }
}
