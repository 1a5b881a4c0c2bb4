import Glibc

/// PCI devices under <root>/sys/bus/pci, and moving them between drivers the
/// way the kernel documents it: driver_override, unbind, drivers_probe.
/// Nothing is cached: sysfs is the truth and binding changes it.
public struct PCIBus: Sendable {
    public var root: SystemRoot

    public init(root: SystemRoot = SystemRoot()) {
        self.root = root
    }

    /// Every device sysfs lists, in address order; unreadable ones are left out.
    public func devices() -> [PCIDevice] {
        SysFile.list(root.sys("bus/pci/devices")).compactMap(PCIAddress.init).compactMap { try? read($0) }
    }

    public func device(_ address: PCIAddress) throws(HostError) -> PCIDevice {
        guard SysFile.exists(path(address)) else {
            throw .noDevice(selector: address.description, available: devices().map(\.description))
        }
        return try read(address)
    }

    /// The device a run may take from its driver. Being in a VM does not
    /// make a device spare (on a cloud VM, 00:02.0 may be the root disk), so
    /// only QEMU's edu and pci-testdev are taken unless the user declares the
    /// named device `disposable`; and never one this machine is using.
    /// Refuses before anything is written.
    public func select(_ selector: DeviceSelector, disposable: Bool = false) throws(HostError) -> PCIDevice {
        let device = try find(selector)
        guard device.isTestDevice || disposable else {
            throw .notATestDevice(device: device.description, driver: device.driver)
        }
        let uses = try uses(of: device.address)
        guard uses.isEmpty else { throw .deviceInUse(device: device.description, uses: uses) }
        return device
    }

    /// A second test device beside the one under test (pci-testdev beside
    /// edu), for scenarios in which another device registers; only QEMU's
    /// test devices qualify, and only one nothing on this machine uses.
    public func companion(of device: PCIDevice) -> PCIDevice? {
        devices().first { $0.address != device.address && $0.isTestDevice && (try? uses(of: $0.address))?.isEmpty == true }
    }

    private func find(_ selector: DeviceSelector) throws(HostError) -> PCIDevice {
        let all: [PCIDevice]
        switch selector {
        case let .address(address):
            return try device(address)
        case let .ids(vendor, device):
            all = devices()
            if let match = all.first(where: { $0.vendor == vendor && $0.device == device }) { return match }
        case .automatic:
            all = devices()
            for wanted in DeviceSelector.testDevices {
                if let match = all.first(where: { $0.vendor == wanted.vendor && $0.device == wanted.device }) {
                    return match
                }
            }
        }
        throw .noDevice(selector: selector.description, available: all.map(\.description))
    }

    /// Sets driver_override, takes the device from its current driver and
    /// asks the bus to probe it. A probe failure does not fail the
    /// drivers_probe write, so the driver link decides: missing is .notBound.
    public func bind(_ address: PCIAddress, to driver: String) throws(HostError) {
        let current = try device(address)
        try SysFile.write(driver, to: path(address, "driver_override"))
        if current.driver == driver { return }
        try unbind(address)
        try SysFile.write(address.description, to: root.sys("bus/pci/drivers_probe"))
        try expectDriver(driver, on: address)
    }

    /// Detaches the device from its driver; nothing to do when unbound. Can
    /// block in the kernel: vfio-pci waits until every device fd is closed,
    /// so callers run this with a timeout.
    public func unbind(_ address: PCIAddress) throws(HostError) {
        guard let driver = SysFile.linkName(path(address, "driver")) else { return }
        try SysFile.write(address.description, to: root.sys("bus/pci/drivers/\(driver)/unbind"))
    }

    public func clearOverride(_ address: PCIAddress) throws(HostError) {
        try SysFile.write("\n", to: path(address, "driver_override"))
    }

    /// Puts back the driver_override and driver (or none) `original` had.
    public func restore(_ original: PCIDevice) throws(HostError) {
        let address = original.address
        let current = try device(address)
        try SysFile.write(original.driverOverride ?? "\n", to: path(address, "driver_override"))
        if current.driver == original.driver { return }
        try unbind(address)
        guard let driver = original.driver else { return }
        try SysFile.write(address.description, to: root.sys("bus/pci/drivers/\(driver)/bind"))
        try expectDriver(driver, on: address)
    }

    /// The driver and IOMMU group links alone, without the IDs and the override.
    public func links(_ address: PCIAddress) -> (driver: String?, iommuGroup: String?) {
        let directory = path(address)
        return (SysFile.linkName(directory + "/driver"), SysFile.linkName(directory + "/iommu_group"))
    }

    private func expectDriver(_ driver: String, on address: PCIAddress) throws(HostError) {
        guard SysFile.linkName(path(address, "driver")) == driver else {
            throw .notBound(address: address.description)
        }
    }

    private func read(_ address: PCIAddress) throws(HostError) -> PCIDevice {
        let override = try? SysFile.read(path(address, "driver_override"))
        return PCIDevice(
            address: address,
            vendor: try readID(path(address, "vendor")),
            device: try readID(path(address, "device")),
            driver: SysFile.linkName(path(address, "driver")),
            iommuGroup: SysFile.linkName(path(address, "iommu_group")),
            driverOverride: override == "(null)" || override == "" ? nil : override)
    }

    private func readID(_ file: String) throws(HostError) -> UInt16 {
        guard let id = Hex.parse(try SysFile.read(file), maxDigits: 4, as: UInt16.self) else {
            throw .read(path: file, errno: .invalidArgument)
        }
        return id
    }

    func path(_ address: PCIAddress, _ file: String = "") -> String {
        root.sys("bus/pci/devices/\(address)" + (file.isEmpty ? "" : "/\(file)"))
    }
}
