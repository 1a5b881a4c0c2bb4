import Foundation
import Testing
import Host
import Results
import SystemPackage

@Suite struct DeviceNodeReadsTests {
    static let device = "sys/bus/pci/devices/0000:00:03.0"

    static func reads(_ root: SystemRoot) -> DeviceNodeReads {
        DeviceNodeReads(device: root.path + "/" + device, groups: root.dev("vfio"), cdevs: root.dev("vfio/devices"),
                        files: [root.sys("module/vfio/parameters/enable_unsafe_noiommu_mode"), root.proc("nope")])
    }

    /// The same calls made one by one through SysFile, in the order the reads make them.
    static func oneByOne(_ root: SystemRoot) -> (DeviceNodeReads.Answer, [KernelCallRecord]) {
        let recorder = KernelCallRecorder()
        let answer = KernelCallRecorder.recording(into: recorder) {
            let directory = root.path + "/" + device
            var answer = DeviceNodeReads.Answer()
            answer.driver = SysFile.linkName(directory + "/driver")
            answer.iommuGroup = SysFile.linkName(directory + "/iommu_group")
            if let group = answer.iommuGroup {
                answer.groupNode = [root.dev("vfio/noiommu-\(group)"), root.dev("vfio/\(group)")].first(where: SysFile.exists)
            }
            answer.entry = SysFile.list(directory + "/vfio-dev").first
            if let name = answer.entry {
                answer.cdevNode = [root.dev("vfio/devices/\(name)"), root.dev("vfio/devices/noiommu-\(name)")].first(where: SysFile.exists)
            }
            answer.files = [root.sys("module/vfio/parameters/enable_unsafe_noiommu_mode"), root.proc("nope")].map { file in
                Result { () throws(Errno) in try SysFile.contents(file) }
            }
            return answer
        }
        return (answer, recorder.records)
    }

    static func recorded(_ reads: DeviceNodeReads) -> (DeviceNodeReads.Answer, [KernelCallRecord]) {
        let recorder = KernelCallRecorder()
        let answer = KernelCallRecorder.recording(into: recorder) { reads.read() }
        return (answer, recorder.records)
    }

    @Test func aBoundDeviceReadsAsSysFileWouldReadIt() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let device = root.path + "/" + Self.device
            try FileManager.default.createDirectory(atPath: root.dev("vfio/devices"), withIntermediateDirectories: true)
            for entry in ["vfio0", "vfio1"] { try FileManager.default.createDirectory(atPath: device + "/vfio-dev/" + entry, withIntermediateDirectories: true) }
            for node in ["vfio/3", "vfio/devices/vfio0"] { #expect(FileManager.default.createFile(atPath: root.dev(node), contents: nil)) }
            let (answer, records) = Self.recorded(Self.reads(root))
            #expect(answer.driver == "vfio-pci" && answer.iommuGroup == "3")
            #expect(answer.groupNode == root.dev("vfio/3") && answer.entry == "vfio0" && answer.cdevNode == root.dev("vfio/devices/vfio0"))
            #expect(try answer.files[0].get() == "N\n")
            #expect(throws: Errno.noSuchFileOrDirectory) { try answer.files[1].get() }
            let (expected, expectedRecords) = Self.oneByOne(root)
            #expect(answer == expected)
            #expect(records.map(\.call) == expectedRecords.map(\.call))
            #expect(records.map(\.answer) == expectedRecords.map(\.answer))
            #expect(records.map(\.output) == expectedRecords.map(\.output))
        }
    }

    /// A second read that finds the same gives the same and notes the same calls; a change is seen at once.
    @Test func aReadAgainNotesItsCallsAndSeesAChange() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let reads = Self.reads(root)
            let first = Self.recorded(reads)
            let second = Self.recorded(reads)
            #expect(first.0 == second.0 && first.1 == second.1)
            // Two readlinks, two looks for the group node, the listing, two files.
            #expect(first.1.count == 7 && first.0.groupNode == nil)
            try FileManager.default.createDirectory(atPath: root.dev("vfio"), withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: root.dev("vfio/3"), contents: nil))
            let third = Self.recorded(reads)
            let expected = Self.oneByOne(root)
            #expect(third.0.groupNode == root.dev("vfio/3") && third.0 == expected.0)
            #expect(third.1.map(\.call) == expected.1.map(\.call) && third.1.map(\.answer) == expected.1.map(\.answer))
        }
    }

    @Test func anUnboundDeviceWithoutNodesStopsAtTheLinks() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let device = root.path + "/" + Self.device
            try FileManager.default.removeItem(atPath: device + "/driver")
            try FileManager.default.removeItem(atPath: device + "/iommu_group")
            let (answer, records) = Self.recorded(Self.reads(root))
            #expect(answer.driver == nil && answer.iommuGroup == nil && answer.groupNode == nil && answer.entry == nil && answer.cdevNode == nil)
            // Two readlinks, the listing, the two files: no node is looked for without a group or an entry.
            #expect(records.map(\.call) == Self.oneByOne(root).1.map(\.call))
            #expect(records.count == 5)
        }
    }

    @Test func aListingLargerThanTheFirstBufferIsReadWhole() throws {
        try SysfsFixture.withCopy("qemu-viommu") { root in
            let device = root.path + "/" + Self.device
            let names = (0..<300).map { "noiommu-vfio\($0)" }
            for name in names { try FileManager.default.createDirectory(atPath: device + "/vfio-dev/" + name, withIntermediateDirectories: true) }
            let (answer, records) = Self.recorded(Self.reads(root))
            #expect(answer.entry == names.sorted().first)
            #expect(records.first { if case .list = $0.call { true } else { false } }?.output == Array(names.sorted().map { $0 + "\n" }.joined().utf8))
        }
    }
}
