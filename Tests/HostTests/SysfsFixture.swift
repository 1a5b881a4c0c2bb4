import Foundation
import Host

/// The fixture trees under Fixtures/sysfs. Tests that write get a private
/// copy, symlinks kept, so the checked-in trees never change.
enum SysfsFixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sysfs").path

    static func root(_ name: String) -> SystemRoot {
        SystemRoot(directory + "/" + name)
    }

    /// Runs `body` on a private copy of the fixture, removed afterwards.
    static func withCopy(_ name: String, _ body: (SystemRoot) throws -> Void) throws {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("sysfs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", directory + "/" + name, destination]
        try copy.run()
        copy.waitUntilExit()
        guard copy.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        try body(SystemRoot(destination))
    }

    static func contents(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }
}
