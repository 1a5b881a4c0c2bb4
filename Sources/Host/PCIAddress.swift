/// A PCI function address, domain:bus:device.function, as sysfs names devices.
public struct PCIAddress: Hashable, Sendable, CustomStringConvertible {
    public var domain: UInt32
    public var bus: UInt8
    public var device: UInt8
    public var function: UInt8

    public init(domain: UInt32 = 0, bus: UInt8, device: UInt8, function: UInt8) {
        self.domain = domain
        self.bus = bus
        self.device = device
        self.function = function
    }

    /// "0000:00:04.0", or "00:04.0" in domain 0 as lspci prints it.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let slot = parts[parts.count - 1].split(separator: ".", omittingEmptySubsequences: false)
        guard slot.count == 2,
              let domain = parts.count == 3 ? Hex.parse(parts[0], maxDigits: 8, as: UInt32.self) : 0,
              let bus = Hex.parse(parts[parts.count - 2], maxDigits: 2, as: UInt8.self),
              let device = Hex.parse(slot[0], maxDigits: 2, as: UInt8.self), device < 32,
              let function = Hex.parse(slot[1], maxDigits: 1, as: UInt8.self), function < 8
        else { return nil }
        self.init(domain: domain, bus: bus, device: device, function: function)
    }

    public var description: String {
        "\(Hex.format(domain, width: 4)):\(Hex.format(bus, width: 2)):\(Hex.format(device, width: 2)).\(function)"
    }
}
