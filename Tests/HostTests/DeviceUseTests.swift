import Foundation
import Testing
import Host

/// Which devices the harness may take, on fixture machines where taking the
/// wrong one would cost the root disk, the network or the console.
@Suite struct DeviceUseTests {
    static func address(_ text: String) -> PCIAddress { PCIAddress(text)! }

    static func bus(_ fixture: String) -> PCIBus { PCIBus(root: SysfsFixture.root(fixture)) }

    static func uses(_ fixture: String, _ address: String) throws -> [DeviceUse] {
        try bus(fixture).uses(of: Self.address(address))
    }

    @Test func testDevicesNeedNoFlag() throws {
        #expect(try Self.bus("qemu-noiommu").select(.address(Self.address("0000:00:04.0"))).isTestDevice)
        #expect(try Self.bus("qemu-noiommu").select(.ids(vendor: 0x1b36, device: 0x0005)).isTestDevice)
        #expect(try Self.bus("qemu-viommu").select(.automatic).isTestDevice)
    }

    @Test func aCloudVMsRootDiskIsNotATestDeviceAndSaysWhichOptionToUse() throws {
        let bus = Self.bus("cloud-vm-root-disk")
        #expect(throws: HostError.notATestDevice(device: "1af4:1001 at 0000:00:03.0", driver: "virtio-pci")) {
            try bus.select(.address(Self.address("00:03.0")))
        }
        #expect(throws: HostError.notATestDevice(device: "1af4:1001 at 0000:00:03.0", driver: "virtio-pci")) {
            try bus.select(.ids(vendor: 0x1af4, device: 0x1001))
        }
        let message = HostError.notATestDevice(device: "1af4:1001 at 0000:00:03.0", driver: "virtio-pci").description
        #expect(message.contains("--device-is-disposable") && message.contains("-device edu") && message.contains("virtio-pci"))
    }

    @Test func aMountedRootDiskIsRefusedEvenWhenDeclaredDisposable() throws {
        // The root is listed as /dev/root: only its major:minor matches vda1.
        let uses: [DeviceUse] = [.mounted(block: "vda1", mountPoint: "/"), .mounted(block: "vda15", mountPoint: "/boot/efi")]
        #expect(try Self.uses("cloud-vm-root-disk", "0000:00:03.0") == uses)
        #expect(throws: HostError.deviceInUse(device: "1af4:1001 at 0000:00:03.0", uses: uses)) {
            try Self.bus("cloud-vm-root-disk").select(.address(Self.address("00:03.0")), disposable: true)
        }
        let message = HostError.deviceInUse(device: "1af4:1001 at 0000:00:03.0", uses: uses).description
        #expect(message.contains("vda1 is mounted at /") && message.contains("umount /boot/efi")
            && message.contains("even with --device-is-disposable"))
    }

    @Test func aFilesystemStackedOnThePartitionCounts() throws {
        #expect(try Self.uses("cloud-vm-root-disk", "0000:00:05.0")
            == [.mounted(block: "dm-0 on vdb1", mountPoint: "/var/lib/data")])
    }

    @Test func aMountListedOnlyByNameCounts() throws {
        // btrfs mounts carry an anonymous 0:N, so the name must match.
        #expect(try Self.uses("disposable-nvme", "0000:00:03.0")
            == [.mounted(block: "vda1", mountPoint: "/boot"), .mounted(block: "vda2", mountPoint: "/")])
    }

    @Test func aSpareNVMeDriveNeedsTheFlagAndIsThenTaken() throws {
        let nvme = Self.address("0000:00:04.0")
        #expect(try Self.uses("disposable-nvme", "0000:00:04.0") == [])
        #expect(throws: HostError.notATestDevice(device: "1b36:0010 at 0000:00:04.0", driver: "nvme")) {
            try Self.bus("disposable-nvme").select(.address(nvme))
        }
        try SysfsFixture.withCopy("disposable-nvme") { root in
            let bus = PCIBus(root: root)
            let device = try bus.select(.address(nvme), disposable: true)
            #expect(device.driver == "nvme")
            #expect(throws: HostError.notBound(address: "0000:00:04.0")) { try bus.bind(device.address, to: "vfio-pci") }
            #expect(SysfsFixture.contents(root.sys("bus/pci/devices/0000:00:04.0/driver_override")) == "vfio-pci")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/nvme/unbind")) == "0000:00:04.0")
        }
    }

    @Test func swapOnAWholeDiskOrAPartitionCounts() throws {
        #expect(try Self.uses("vm-swap", "0000:00:05.0") == [.swap(block: "vdb", file: "/dev/vdb")])
        #expect(try Self.uses("vm-swap", "0000:00:06.0") == [.swap(block: "sda2", file: "/dev/sda2")])
        #expect(DeviceUse.swap(block: "sda2", file: "/dev/sda2").remedy == "swapoff /dev/sda2")
    }

    @Test func anInterfaceThatIsUpCountsByOperstateOrFlags() throws {
        #expect(try Self.uses("vm-net-up", "0000:00:02.0") == [.interfaceUp("eth0")])
        #expect(try Self.uses("vm-net-up", "0000:00:04.0") == [.interfaceUp("ens4")])
        #expect(try Self.uses("vm-net-up", "0000:00:03.0") == [])
        #expect(try Self.bus("vm-net-up").select(.address(Self.address("00:03.0")), disposable: true).driver == "virtio-pci")
    }

    @Test func theConsolesProvidersCount() throws {
        #expect(try Self.uses("vm-console", "0000:00:01.0") == [.console("tty0")])
        #expect(try Self.uses("vm-console", "0000:00:03.0") == [.console("ttyS4")])
        #expect(try Self.uses("vm-console", "0000:00:04.0") == [.console("hvc0")])
        // A serial card with no console on it is spare.
        #expect(try Self.uses("vm-console", "0000:00:05.0") == [])
    }

    /// The refusal comes before the first write: the engine selects, then binds.
    @Test(arguments: [("cloud-vm-root-disk", "0000:00:03.0", "virtio-pci"), ("vm-swap", "0000:00:05.0", "virtio-pci"),
                      ("vm-net-up", "0000:00:02.0", "virtio-pci"), ("vm-console", "0000:00:03.0", "serial")])
    func aRefusedDeviceIsLeftUntouched(fixture: String, address: String, driver: String) throws {
        try SysfsFixture.withCopy(fixture) { root in
            let bus = PCIBus(root: root)
            for disposable in [false, true] {
                #expect(throws: HostError.self) {
                    let device = try bus.select(.address(Self.address(address)), disposable: disposable)
                    try bus.bind(device.address, to: "vfio-pci")
                }
            }
            #expect(SysfsFixture.contents(root.sys("bus/pci/devices/\(address)/driver_override")) == "(null)\n")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers/\(driver)/unbind")) == "")
            #expect(SysfsFixture.contents(root.sys("bus/pci/drivers_probe")) == "")
        }
    }

    @Test func withoutAMountTableABlockDeviceIsNotGuessedSafe() throws {
        try SysfsFixture.withCopy("disposable-nvme") { root in
            let mountinfo = root.proc("self/mountinfo")
            #expect(unlink(mountinfo) == 0)
            #expect(throws: HostError.read(path: mountinfo, errno: .noSuchFileOrDirectory)) {
                try PCIBus(root: root).select(.address(Self.address("0000:00:04.0")), disposable: true)
            }
        }
    }
}
