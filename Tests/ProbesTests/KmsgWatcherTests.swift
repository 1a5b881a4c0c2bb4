import Foundation
import Testing
@testable import Probes

@Suite struct KmsgWatcherTests {
    @Test func aMissingDeviceIsAnError() {
        #expect(throws: ProbeError.unreadable(path: "/nonexistent/kmsg", errno: .noSuchFileOrDirectory)) {
            try KmsgWatcher(path: "/nonexistent/kmsg")
        }
    }

    @Test func countsRecordsLostToAnOverrun() {
        let next = KmsgRecord(level: 3, sequence: 15, microseconds: 900, message: "BUG: ...")
        let note = KmsgWatcher.lossNote(after: 10, before: next)
        #expect(note == KmsgRecord(level: 4, sequence: 11, microseconds: 900, message: "kmsg: 4 records lost"))
        #expect(KmsgWatcher.lossNote(after: nil, before: next).message == "kmsg: records lost (count unknown)")
    }

    /// Writes one record into the running kernel's log and reads it back.
    @Test(.enabled(if: access("/dev/kmsg", R_OK | W_OK) == 0, "needs read and write access to /dev/kmsg"))
    func seesOnlyRecordsPrintedAfterItStarted() throws {
        let marker = "vfio-conformance ProbesTests marker \(UUID().uuidString); a, b"
        let watcher = try KmsgWatcher()
        let device = try #require(FileHandle(forWritingAtPath: "/dev/kmsg"))
        try device.write(contentsOf: Data("<5>\(marker)\n".utf8))
        try device.close()
        let records = watcher.drain()
        let record = try #require(records.first { $0.message == marker })
        #expect(record.level == 5)
        #expect(!records.contains { $0.message.contains("Linux version") })
        #expect(watcher.drain().allSatisfy { $0.sequence > record.sequence })
    }
}
