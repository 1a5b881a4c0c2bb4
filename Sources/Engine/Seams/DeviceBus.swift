import Host

/// The driver-binding operations the engine uses on the device under test;
/// sysfs through `PCIBus` is the real one.
public protocol DeviceBus: Sendable {
    func device(_ address: PCIAddress) throws(HostError) -> PCIDevice
    /// Only the driver and IOMMU group links: what a race round reads of
    /// the device after every round, two readlinks on sysfs.
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
