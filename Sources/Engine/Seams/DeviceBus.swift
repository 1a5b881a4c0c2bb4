import Host

/// The driver-binding operations the engine uses on the device under test;
/// sysfs through `PCIBus` is the real one.
public protocol DeviceBus: Sendable {
    func device(_ address: PCIAddress) throws(HostError) -> PCIDevice
    /// Only the driver and IOMMU group links, two readlinks on sysfs: what a
    /// race's round start and workers ask of the device.
    func links(_ address: PCIAddress) -> (driver: String?, iommuGroup: String?)
    func bind(_ address: PCIAddress, to driver: String) throws(HostError)
    func unbind(_ address: PCIAddress) throws(HostError)
    func restore(_ original: PCIDevice) throws(HostError)
}

extension DeviceBus {
    public func links(_ address: PCIAddress) -> (driver: String?, iommuGroup: String?) {
        let device = try? device(address)
        return (device?.driver, device?.iommuGroup)
    }
}

extension PCIBus: DeviceBus {}
