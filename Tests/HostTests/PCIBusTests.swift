import Foundation
import Testing
import Host

@Suite struct PCIBusTests {
    let noiommu = PCIBus(root: SysfsFixture.root("qemu-noiommu"))
    let viommu = PCIBus(root: SysfsFixture.root("qemu-viommu"))
    let bare = PCIBus(root: SysfsFixture.root("bare-metal"))

    static func address(_ text: String) -> PCIAddress { PCIAddress(text)! }

    @Test func listsEveryDeviceInAddressOrder() {
        #expect(noiommu.devices().map(\.address.description)
            == ["0000:00:00.0", "0000:00:01.0", "0000:00:01.1", "0000:00:02.0", "0000:00:04.0", "0000:00:05.0"])
    }

    @Test func readsIdsDriverGroupAndOverride() throws {
        #expect(try noiommu.device(Self.address("0000:00:04.0"))
            == PCIDevice(address: Self.address("0000:00:04.0"), vendor: 0x1234, device: 0x11e8))
        #expect(try noiommu.device(Self.address("0000:00:02.0")).driver == "virtio-pci")
        let testdev = try viommu.device(Self.address("0000:00:03.0"))
        #expect(testdev == PCIDevice(address: Self.address("0000:00:03.0"), vendor: 0x1b36, device: 0x0005,
                                     driver: "vfio-pci", iommuGroup: "3", driverOverride: "vfio-pci"))
    }

    @Test func selectsByAddressAndIds() throws {
        #expect(try noiommu.select(.address(Self.address("00:05.0"))).device == 0x0005)
        #expect(try noiommu.select(.ids(vendor: 0x1af4, device: 0x1000), disposable: true).address == Self.address("0000:00:02.0"))
    }

    @Test func automaticPrefersEduThenPciTestdev() throws {
        #expect(try noiommu.select(.automatic).address == Self.address("0000:00:04.0"))
        #expect(try viommu.select(.automatic).address == Self.address("0000:00:03.0"))
    }

    @Test func noMatchListsWhatIsThere() {
        let present = ["8086:3e0f at 0000:00:00.0", "8086:15bb at 0000:00:1f.6"]
        #expect(throws: HostError.noDevice(selector: DeviceSelector.automatic.description, available: present)) {
            try bare.select(.automatic)
        }
        #expect(throws: HostError.noDevice(selector: "1234:11e8", available: present)) {
            try bare.select(.ids(vendor: 0x1234, device: 0x11e8))
        }
        #expect(throws: HostError.noDevice(selector: "0000:00:04.0", available: present)) {
            try bare.device(Self.address("0000:00:04.0"))
        }
        let message = HostError.noDevice(selector: "1234:11e8", available: present).description
        #expect(message.contains("8086:15bb at 0000:00:1f.6"))
    }

    @Test func bindWritesOverrideAndProbesThenChecksTheDriverLink() throws {
        try SysfsFixture.withCopy("qemu-noiommu") { root in
            let edu = Self.address("0000:00:04.0")
            #expect(throws: HostError.notBound(address: "0000:00:04.0")) { try PCIBus(root: root).bind(edu, to: "vfio-pci") }
            #expect(SysfsFixture.contents(root.sys("bus/pci/devices/0000:00:04.0/driver_override")) == "vfio-pci")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers_probe")) == "0000:00:04.0")
        }
    }

    @Test func bindUnbindsTheCurrentDriverFirst() throws {
        try SysfsFixture.withCopy("qemu-noiommu") { root in
            #expect(throws: HostError.notBound(address: "0000:00:02.0")) {
                try PCIBus(root: root).bind(Self.address("0000:00:02.0"), to: "vfio-pci")
            }
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/virtio-pci/unbind")) == "0000:00:02.0")
        }
    }

    @Test func bindToTheCurrentDriverOnlySetsTheOverride() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            try PCIBus(root: root).bind(Self.address("0000:00:03.0"), to: "vfio-pci")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/vfio-pci/unbind")) == "")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers_probe")) == "")
        }
    }

    @Test func unbindWritesToTheBoundDriverAndIgnoresAnUnboundDevice() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            try PCIBus(root: root).unbind(Self.address("0000:00:03.0"))
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/vfio-pci/unbind")) == "0000:00:03.0")
        }
        try SysfsFixture.withCopy("qemu-noiommu") { root in
            try PCIBus(root: root).unbind(Self.address("0000:00:04.0"))
        }
    }

    @Test func clearOverrideWritesANewline() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let bus = PCIBus(root: root)
            try bus.clearOverride(Self.address("0000:00:03.0"))
            #expect(SysfsFixture.contents(root.sys("bus/pci/devices/0000:00:03.0/driver_override")) == "\n")
            #expect(try bus.device(Self.address("0000:00:03.0")).driverOverride == nil)
        }
    }

    @Test func restorePutsBackTheOverrideAndRebindsTheOriginalDriver() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let bus = PCIBus(root: root)
            let address = Self.address("0000:00:03.0")
            let original = try bus.device(address)
            try bus.clearOverride(address)
            // The kernel would drop the link on unbind; the fixture needs a hand.
            try FileManager.default.removeItem(atPath: root.sys("bus/pci/devices/0000:00:03.0/driver"))
            #expect(throws: HostError.notBound(address: "0000:00:03.0")) { try bus.restore(original) }
            #expect(SysfsFixture.contents(root.sys("bus/pci/devices/0000:00:03.0/driver_override")) == "vfio-pci")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/vfio-pci/bind")) == "0000:00:03.0")
        }
    }

    @Test func restoreOfAnUnboundDeviceClearsTheOverrideOnly() throws {
        try SysfsFixture.withCopy("qemu-noiommu") { root in
            let bus = PCIBus(root: root)
            let edu = Self.address("0000:00:04.0")
            let original = try bus.device(edu)
            _ = try? bus.bind(edu, to: "vfio-pci")
            try bus.restore(original)
            #expect(try bus.device(edu) == original)
        }
    }

    @Test func writeFailuresKeepPathValueAndErrno() {
        let bus = PCIBus(root: SystemRoot("/nonexistent"))
        #expect(throws: HostError.write(path: "/nonexistent/sys/bus/pci/devices/0000:00:04.0/driver_override",
                                        value: "\n", errno: .noSuchFileOrDirectory)) {
            try bus.clearOverride(Self.address("0000:00:04.0"))
        }
    }
}
