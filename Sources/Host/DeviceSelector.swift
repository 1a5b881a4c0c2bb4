/// Which PCI device a run uses, as the user names it.
public enum DeviceSelector: Sendable, Equatable, CustomStringConvertible {
    case address(PCIAddress)
    case ids(vendor: UInt16, device: UInt16)
    /// QEMU's edu device, else pci-testdev: both are harmless to bind.
    case automatic

    public static let edu = (vendor: UInt16(0x1234), device: UInt16(0x11e8))
    public static let pciTestdev = (vendor: UInt16(0x1b36), device: UInt16(0x0005))
    /// In the order `automatic` prefers them.
    static let testDevices = [edu, pciTestdev]

    /// "0000:00:04.0" or "00:04.0", "1234:11e8", or "auto". IDs take all
    /// four digits each, so that a clipped address like "00:04" is refused
    /// rather than read as device 0000:0004.
    public init(parsing text: String) throws(HostError) {
        if text == "auto" {
            self = .automatic
        } else if let address = PCIAddress(text) {
            self = .address(address)
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }),
                  let vendor = Hex.parse(parts[0], maxDigits: 4, as: UInt16.self),
                  let device = Hex.parse(parts[1], maxDigits: 4, as: UInt16.self)
            else { throw .badSelector(text) }
            self = .ids(vendor: vendor, device: device)
        }
    }

    public var description: String {
        switch self {
        case let .address(address): address.description
        case let .ids(vendor, device): PCIDevice.ids(vendor, device)
        case .automatic:
            "auto (edu \(PCIDevice.ids(Self.edu.vendor, Self.edu.device)) or pci-testdev "
                + "\(PCIDevice.ids(Self.pciTestdev.vendor, Self.pciTestdev.device)))"
        }
    }
}
