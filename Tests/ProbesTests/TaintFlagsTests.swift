import Foundation
import Testing
@testable import Probes

@Suite struct TaintFlagsTests {
    @Test func lettersFollowBitOrder() {
        #expect(TaintFlags([.warning, .user]).letters == "UW")
        #expect(TaintFlags(rawValue: (1 << 19) - 1).letters == "PFSRMBUDAWCIOELKXTN")
        #expect(TaintFlags().letters == "")
    }

    @Test func bitsMatchKernelPanicC() {
        #expect(TaintFlags.user.rawValue == 1 << 6)
        #expect(TaintFlags.die.rawValue == 1 << 7)
        #expect(TaintFlags.warning.rawValue == 1 << 9)
        #expect(TaintFlags.softLockup.rawValue == 1 << 14)
        #expect(TaintFlags.test.rawValue == 1 << 18)
    }

    @Test func unknownBitsAreShownNotDropped() {
        #expect(TaintFlags(rawValue: 1 << 6 | 1 << 20).letters == "U?")
    }

    @Test func describesItself() {
        #expect(TaintFlags().description == "not tainted")
        #expect(TaintFlags([.user, .die]).description == "tainted UD")
    }

    @Test func readsProcSysKernelTainted() throws {
        let root = try procRoot(containing: "576\n")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try TaintFlags.read(procRoot: root.path) == [.user, .warning])
    }

    @Test func rejectsANonNumber() throws {
        let root = try procRoot(containing: "UW\n")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ProbeError.unreadable(path: root.path + "/sys/kernel/tainted", errno: .invalidArgument)) {
            try TaintFlags.read(procRoot: root.path)
        }
    }

    @Test func readsTheRunningKernel() throws {
        _ = try TaintFlags.read()
    }

    private func procRoot(containing text: String) throws -> URL {
        let root = try Fixture.temporaryDirectory()
        let kernel = root.appendingPathComponent("sys/kernel")
        try FileManager.default.createDirectory(at: kernel, withIntermediateDirectories: true)
        try text.write(to: kernel.appendingPathComponent("tainted"), atomically: true, encoding: .utf8)
        return root
    }
}
