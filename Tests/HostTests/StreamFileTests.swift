import Foundation
import SystemPackage
import Testing
@testable import Host

@Suite struct StreamFileTests {
    /// Everything until end of file, polling while the writer has not caught up.
    static func drain(_ descriptor: FileDescriptor) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            do {
                let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
            } catch {
                usleep(1000)
            }
        }
    }

    /// A line far larger than the pipe's 64 KiB, into a non-blocking pipe whose
    /// reader starts late: one write(2) takes part of it, then EAGAIN, until
    /// the reader drains. All of it must arrive, in order.
    @Test func aLineLargerThanThePipeArrivesWhole() throws {
        let (readEnd, writeEnd) = try FileDescriptor.pipe(options: .nonBlocking)
        let reader = BackgroundCall { () -> [UInt8] in
            usleep(50_000)
            defer { try? readEnd.close() }
            return Self.drain(readEnd)
        }
        let line = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 % 251) } + [10]
        do {
            let file = StreamFile(descriptor: writeEnd, path: "pipe")
            try file.write(line)
        }
        // The StreamFile is gone, and with it the write end: the reader sees end of file.
        let received = reader.wait(seconds: 30) ?? []
        // Counted and compared, not printed: a failure would list 300 000 bytes.
        #expect(received.count == line.count)
        #expect(received.elementsEqual(line))
    }

    @Test func aFailedWriteSaysWhereAndHowFarItGot() {
        #expect(throws: HostError.stream(path: "/dev/full", written: 0, total: 3, errno: .noSpace)) {
            try StreamFile(path: "/dev/full").write([1, 2, 10])
        }
        let message = HostError.stream(path: "/dev/ttyS1", written: 4096, total: 9000, errno: .ioError).description
        #expect(message.contains("/dev/ttyS1") && message.contains("4096 of 9000"))
    }

    @Test func aPathThatCannotBeOpenedIsAnError() {
        #expect(throws: HostError.open(path: "/nonexistent/stream", errno: .noSuchFileOrDirectory)) {
            try StreamFile(path: "/nonexistent/stream")
        }
    }

    @Test func linesAreAppended() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "earlier\n".write(toFile: path, atomically: false, encoding: .utf8)
        let file = try StreamFile(path: path)
        try file.write(Array("one\n".utf8))
        try file.write(Array("two\n".utf8))
        #expect(SysfsFixture.contents(path) == "earlier\none\ntwo\n")
    }
}
