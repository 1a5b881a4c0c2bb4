import Foundation
import Glibc
import Host
import Results
import Synchronization
import Testing

@Suite struct KernelCallTests {
    private func scratch() -> String {
        let directory = NSTemporaryDirectory() + "kernel-call-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// How many descriptors of this process name `file` (other tests open descriptors of their own meanwhile).
    private func descriptors(of file: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == file }.count
    }

    @Test func aThreadRecordsOnlyWhileItsRecorderIsSet() throws {
        let directory = scratch()
        let file = directory + "/attribute"
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        let recorder = KernelCallRecorder()
        try KernelCallRecorder.recording(into: recorder) { () throws(HostError) in
            try SysFile.write("1", to: file)
            _ = SysFile.exists(directory + "/absent")
        }
        _ = SysFile.exists(file)
        #expect(recorder.records == [
            KernelCallRecord(.write(path: file, value: "1"), answer: 1, thread: PThread.currentID),
            KernelCallRecord(.access(path: directory + "/absent"), answer: -Int(ENOENT), thread: PThread.currentID),
        ])
        #expect(!KernelCallRecorder.isRecording)
    }

    @Test func aThreadItStartsRecordsThereUnderItsOwnID() throws {
        let recorder = KernelCallRecorder()
        let call = try KernelCallRecorder.recording(into: recorder) { () throws(HostError) in
            try BackgroundCall.onOwnThread { () -> Int32 in
                _ = SysFile.exists("/proc/self/started")
                return PThread.currentID
            }
        }
        let thread = try #require(call.wait(seconds: 30))
        #expect(recorder.records == [KernelCallRecord(.access(path: "/proc/self/started"), answer: -Int(ENOENT), thread: thread)])
        #expect(thread != PThread.currentID)
    }

    /// Each call leaves as it is noted and again with its answer, so the
    /// host has it even if the call kills the guest.
    @Test func aStreamingRecorderTellsEachCallAsItIsNotedAndAnswered() {
        let told = Mutex<[(Int, Int?)]>([])
        let recorder = KernelCallRecorder { index, record in told.withLock { $0.append((index, record.answer)) } }
        KernelCallRecorder.recording(into: recorder) {
            _ = SysFile.exists("/proc/self")
            let pending = KernelCallRecorder.begin(.access(path: "/proc/self/status"))
            KernelCallRecorder.complete(pending, answer: 0)
        }
        #expect(told.withLock { $0.map(\.0) } == [0, 1, 1])
        #expect(told.withLock { $0.map(\.1) } == [0, nil, 0])
    }

    @Test func anotherThreadsCallsAreNotRecorded() {
        let recorder = KernelCallRecorder()
        KernelCallRecorder.recording(into: recorder) {
            let other = Thread { _ = SysFile.exists("/proc/self") }
            other.start()
            while !other.isFinished { usleep(1000) }
        }
        #expect(recorder.records.isEmpty)
    }

    @Test func aFailedWriteIsRecordedWithItsErrno() {
        let recorder = KernelCallRecorder()
        KernelCallRecorder.recording(into: recorder) { try? SysFile.write("1", to: "/proc/self/no-such-attribute") }
        #expect(recorder.records.map(\.answer) == [-Int(ENOENT)])
    }

    @Test func aReplayMakesTheRoundsAskedFor() throws {
        let file = scratch() + "/attribute"
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        let made = try KernelCallReplay.rounds(before: [], workers: [[.write(path: file, value: "ab")], [.read(path: file)]], after: [],
                                               seconds: 30, maxRounds: 7)
        #expect(made.rounds == 7)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "ab")
    }

    @Test func aReplayClosesWhatItOpenedAndNothingElse() throws {
        let file = scratch() + "/node"
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        let kept = open(file, O_RDONLY)
        defer { close(kept) }
        let before = descriptors(of: file)
        // 900 stands for the harness's descriptor; the round closes it. The
        // second open failed when recorded: the replay's own is closed at the
        // round's end. A close of a number the replay never opened is not made.
        _ = try KernelCallReplay.rounds(before: [.open(path: file, flags: O_RDWR, fd: 900)],
                                        workers: [[.close(fd: 900)], [.open(path: file, flags: O_RDWR, fd: nil)], [.close(fd: kept)]],
                                        after: [], seconds: 30, maxRounds: 20)
        #expect(descriptors(of: file) == before)
        #expect(fcntl(kept, F_GETFD) != -1)
    }
}
