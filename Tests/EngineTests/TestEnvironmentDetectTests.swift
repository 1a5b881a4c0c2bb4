import Foundation
import Testing
@testable import Engine
import Host
import Probes

/// detect checks the device before it reads the kernel config or loads
/// anything: on the fixture trees (no kernel config), passing the device
/// check shows as the missing-config error.
@Suite(.enabled(if: Privilege.isRoot, "detect refuses to run without root"))
struct TestEnvironmentDetectTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sysfs").path

    static func detect(_ fixture: String, device: String, disposable: Bool) throws {
        let table = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString).expect").path
        defer { try? FileManager.default.removeItem(atPath: table) }
        #expect(FileManager.default.createFile(atPath: table, contents: Data()))
        var options = EngineOptions(expectations: table)
        options.root = fixtures + "/" + fixture
        options.device = device
        options.deviceIsDisposable = disposable
        _ = try TestEnvironment.detect(options)
    }

    @Test func aNonTestDeviceNeedsTheFlag() {
        #expect(throws: HostError.notATestDevice(device: "1b36:0010 at 0000:00:04.0", driver: "nvme")) {
            try Self.detect("disposable-nvme", device: "00:04.0", disposable: false)
        }
        #expect(throws: ProbeError.self) { try Self.detect("disposable-nvme", device: "00:04.0", disposable: true) }
    }

    @Test func theRootDiskIsRefusedWithTheFlag() {
        #expect {
            try Self.detect("cloud-vm-root-disk", device: "0000:00:03.0", disposable: true)
        } throws: { error in
            guard case let .deviceInUse(_, uses) = error as? HostError else { return false }
            return uses.first == .mounted(block: "vda1", mountPoint: "/")
        }
    }
}
