import Host

/// The driver-binding operations the engine uses on the device under test;
/// sysfs through `PCIBus` is the real one.
public protocol DeviceBus: Sendable {
    func device(_ address: PCIAddress) throws(HostError) -> PCIDevice
    func bind(_ address: PCIAddress, to driver: String) throws(HostError)
    func unbind(_ address: PCIAddress) throws(HostError)
    func restore(_ original: PCIDevice) throws(HostError)
}

extension PCIBus: DeviceBus {}
