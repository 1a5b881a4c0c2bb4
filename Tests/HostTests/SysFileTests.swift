import Foundation
import Testing
import Host

@Suite struct SysFileTests {
    let root = SysfsFixture.root("qemu-viommu")

    @Test func rootJoinsMountPoints() {
        #expect(SystemRoot().sys("bus/pci") == "/sys/bus/pci")
        #expect(SystemRoot("/tmp/x/").proc("/cpuinfo") == "/tmp/x/proc/cpuinfo")
        #expect(SystemRoot("/tmp/x").dev("vfio/vfio") == "/tmp/x/dev/vfio/vfio")
        #expect(SystemRoot("/tmp/x").sys("") == "/tmp/x/sys")
    }

    @Test func readTrimsTheTrailingNewline() throws {
        #expect(try SysFile.read(root.sys("bus/pci/devices/0000:00:03.0/vendor")) == "0x1b36")
    }

    @Test func readKeepsErrno() {
        #expect(throws: HostError.read(path: root.sys("nope"), errno: .noSuchFileOrDirectory)) { try SysFile.read(root.sys("nope")) }
        #expect(throws: HostError.read(path: root.sys("bus"), errno: .isDirectory)) { try SysFile.read(root.sys("bus")) }
    }

    @Test func writeReplacesTheValue() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let file = root.sys("bus/pci/devices/0000:00:03.0/driver_override")
            try SysFile.write("x", to: file)
            #expect(try SysFile.read(file) == "x")
        }
    }

    @Test func listIsSortedAndEmptyWhenMissing() {
        #expect(SysFile.list(root.sys("kernel/iommu_groups")) == ["0", "1", "3", "4"])
        #expect(SysFile.list(root.sys("nope")) == [])
    }

    @Test func linksGiveTargetAndName() {
        let link = root.sys("bus/pci/devices/0000:00:03.0/iommu_group")
        #expect(SysFile.linkTarget(link) == "../../../kernel/iommu_groups/3")
        #expect(SysFile.linkName(link) == "3")
        #expect(SysFile.linkName(root.sys("bus/pci/devices/0000:00:03.0/vendor")) == nil)
        #expect(SysFile.exists(link))
        #expect(!SysFile.exists(root.sys("nope")))
    }

    @Test func errorMessagesNameThePathAndExplainTheErrno() {
        #expect(HostError.read(path: "/sys/x", errno: .permissionDenied).description
            == "cannot read /sys/x: Permission denied (errno 13); run as root")
        #expect(HostError.write(path: "/sys/y", value: "1\n", errno: .resourceBusy).description
            .hasPrefix("writing '1\\n' to /sys/y failed: Device or resource busy (errno 16)"))
    }
}
