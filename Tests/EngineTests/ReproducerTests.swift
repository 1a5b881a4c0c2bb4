import Foundation
import Testing
@testable import Engine
import Host
import Results

/// A failing cell's calls become a C program that makes them again: built
/// with the host's compiler and run here, it must say REPRODUCED on the
/// same files and not reproduced once the failing call's file is fixed.
@Suite struct ReproducerTests {
    static let table = try! ExpectationTable(text: """
        t/* | write | * | ok
        t/* | look | * | ok
        t/* | read | * | ok
        """, file: "t.expect")

    private func compiler() -> String? {
        ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func aFailingCellsCallsRunAgainAsAProgram() throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let attribute = directory + "/attribute", missing = directory + "/missing", looked = directory + "/looked"
        #expect(FileManager.default.createFile(atPath: attribute, contents: nil))
        #expect(FileManager.default.createFile(atPath: looked, contents: nil))
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        let scenario = Scenario("t/repro", "repro", detail: "") { s throws(ScenarioStop) in
            try s.check("write", s.attempt { try SysFile.write("1", to: attribute) })
            try s.check("look", s.attempt { _ = try SysFile.read(looked) })
            try s.check("read", s.attempt { _ = try SysFile.read(missing) })
        }
        let cells = MatrixRunner(environment: model.environment(table: Self.table, topology: .noiommu), scenarios: [scenario], kmsg: model)
            .run(stopAfterFault: false, interrupted: { false }, emit: { _ in })
        let cell = try #require(cells.first)
        #expect(cell.outcome == .fail && cell.evidence.step == "read")
        let reproducer = try #require(cell.evidence.reproducer)
        #expect(reproducer.calls == 3)
        #expect(reproducer.program.contains("do_write(\"\(attribute)\", \"1\")"))
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let failing = try run(directory + "/repro", [])
        #expect(failing.status == 1 && failing.output.contains("REPRODUCED: step 'read' expected ok, the cell observed ENOENT"), "\(failing.output)")
        // A read before the finding that answers otherwise is said, and the program goes on to the finding.
        try FileManager.default.removeItem(atPath: looked)
        let looking = try run(directory + "/repro", [])
        #expect(looking.status == 1 && looking.output.contains("ENOENT (the cell's run: ok (0))"), "\(looking.output)")
        #expect(FileManager.default.createFile(atPath: missing, contents: Data("x".utf8)))
        let fixed = try run(directory + "/repro", [])
        #expect(fixed.status == 0 && fixed.output.contains("not reproduced"), "\(fixed.output)")
        try FileManager.default.removeItem(atPath: attribute)
        let elsewhere = try run(directory + "/repro", [])
        #expect(elsewhere.status == 2 && elsewhere.output.contains("this machine differs before the finding"), "\(elsewhere.output)")
    }

    /// A listing's finding is the names it gave back: the program lists them
    /// sorted, as the cell did, so another entry is not the finding.
    @Test func aListingsFindingIsItsNames() throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-\(UUID().uuidString)", listed = directory + "/listed"
        try FileManager.default.createDirectory(atPath: listed, withIntermediateDirectories: true)
        for name in ["vfio1", "devices", "noiommu-0"] { #expect(FileManager.default.createFile(atPath: listed + "/" + name, contents: nil)) }
        let table = try ExpectationTable(text: "t/* | list | * | empty\n", file: "t.expect")
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        let scenario = Scenario("t/list", "list", detail: "") { s throws(ScenarioStop) in
            try s.check("list", SysFile.list(listed).isEmpty ? "empty" : "entries")
        }
        let cells = MatrixRunner(environment: model.environment(table: table, topology: .noiommu), scenarios: [scenario], kmsg: model)
            .run(stopAfterFault: false, interrupted: { false }, emit: { _ in })
        let reproducer = try #require(cells.first?.evidence.reproducer)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let failing = try run(directory + "/repro", [])
        #expect(failing.status == 1 && failing.output.contains("REPRODUCED"), "\(failing.output)")
        #expect(FileManager.default.createFile(atPath: listed + "/vfio2", contents: nil))
        let other = try run(directory + "/repro", [])
        #expect(other.status == 0 && other.output.contains("gave back other bytes"), "\(other.output)")
    }

    /// A call that was in the kernel while the cell went on (a write that
    /// waits for its reader) runs on a thread of its own in the program, so
    /// the calls made meanwhile are made, and the one that freed it.
    @Test func aCallTheCellMadeWhileAnotherBlockedIsMadeMeanwhile() throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-\(UUID().uuidString)", fifo = directory + "/fifo"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let table = try ExpectationTable(text: "t/* | other | * | ok\nt/* | read | * | two\n", file: "t.expect")
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        let scenario = Scenario("t/fifo", "fifo", detail: "") { s throws(ScenarioStop) in
            _ = mkfifo(fifo, 0o600)
            let writer = BackgroundCall { try? SysFile.write("1", to: fifo) }
            usleep(200_000)
            try s.check("other", SysFile.exists(directory) ? "ok" : "absent")
            try s.check("read", (try? SysFile.read(fifo)) == "1" ? "one" : "other")
            _ = writer.wait(seconds: 5)
        }
        let cells = MatrixRunner(environment: model.environment(table: table, topology: .noiommu), scenarios: [scenario], kmsg: model)
            .run(stopAfterFault: false, interrupted: { false }, emit: { _ in })
        let reproducer = try #require(cells.first?.evidence.reproducer)
        #expect(reproducer.program.contains("start_worker(&overlapping_1_thread, overlapping_1)"))
        try FileManager.default.removeItem(atPath: fifo)
        _ = mkfifo(fifo, 0o600)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let replayed = try run("/usr/bin/timeout", ["-s", "KILL", "20", directory + "/repro"])
        #expect(replayed.status == 1 && replayed.output.contains("REPRODUCED: step 'read'"), "\(replayed.output)")
    }

    /// A divergence's cells both passed; the kept calls of one of them make
    /// the program, which says which side a kernel answers like.
    @Test func aDivergencesReproducerSaysWhichSideAKernelAnswersLike() throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "divergence-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let present = directory + "/present", missing = directory + "/missing"
        #expect(FileManager.default.createFile(atPath: present, contents: Data("1\n".utf8)))
        func cell(_ variant: VariantName, observed: String, answer: Int) -> Cell {
            var evidence = Evidence(steps: [StepRecord(name: "present", observed: "ok"), StepRecord(name: "lookup", observed: observed)])
            evidence.calls = CallLog(records: [KernelCallRecord(.read(path: present), answer: 2), KernelCallRecord(.access(path: missing), answer: answer)],
                                     stepEnds: [1, 2], thread: 1, device: "0000:00:01.0", stack: nil)
            return Cell(variant: variant, topology: .noiommu, scenario: "t/divergence", outcome: .pass, evidence: evidence, kernel: "7.3.4")
        }
        let compat = cell("iommufd-compat", observed: "ENOENT", answer: -2), legacy = cell("legacy", observed: "ok", answer: 0)
        let reproducer = try #require(CallLog.divergenceReproducer(of: compat, at: "lookup", reference: legacy))
        #expect(reproducer.calls == 2)
        #expect(reproducer.program.contains("// Exit 1: step 'lookup' answered as on iommufd-compat"))
        #expect(CallLog.divergenceReproducer(of: compat, at: "no such step", reference: legacy) == nil)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let diverging = try run(directory + "/repro", [])
        #expect(diverging.status == 1 && diverging.output.contains("REPRODUCED: step 'lookup' expected ok (the legacy variant's answer), the cell observed ENOENT"),
                "\(diverging.output)")
        #expect(FileManager.default.createFile(atPath: missing, contents: nil))
        let alike = try run(directory + "/repro", [])
        #expect(alike.status == 0 && alike.output.contains("not reproduced"), "\(alike.output)")
    }

    /// A guest that died in its cell wrote no cell, only the calls it made
    /// until then: all of them are the reproducer, the last where it died.
    @Test func aDeadCellsReproducerMakesEveryCallItStreamed() throws {
        var evidence = Evidence(reason: "the guest died during this cell")
        let module = "/lib/modules/7.3.4-vfio-conformance/kernel/drivers/vfio/vfio.ko"
        evidence.calls = CallLog(records: [KernelCallRecord(.loadModule(name: "vfio", path: module, parameters: "enable_unsafe_noiommu_mode=1"), answer: 0),
                                           KernelCallRecord(.read(path: "/sys/a"), answer: 2), KernelCallRecord(.write(path: "/sys/b", value: "1"), answer: nil)],
                                 stepEnds: [], thread: 1, device: "0000:00:01.0", stack: nil)
        let crash = Cell(variant: "legacy", topology: .noiommu, scenario: "unregister/unbind-open", outcome: .crash, evidence: evidence, kernel: "7.3.4")
        let reproducer = try #require(CallLog.reproducerOfDeadCell(crash))
        #expect(reproducer.calls == 3)
        #expect(reproducer.program.contains("/sys/a") && reproducer.program.contains("/sys/b"))
        // The running kernel's module, whatever its release is called.
        #expect(reproducer.program.contains("do_load(\"kernel/drivers/vfio/vfio.ko\", \"enable_unsafe_noiommu_mode=1\")"))
        // Built only: it would load modules on this machine.
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-dead-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        #expect(built.status == 0, "\(built.output)")
        var passed = crash
        passed.outcome = .pass
        #expect(CallLog.reproducerOfDeadCell(passed) == nil)
        // A call that never answered while the cell went on (the close an unbind waits for) is made on a thread and waited for last.
        var hung = crash
        hung.outcome = .hang
        hung.evidence.calls?.records.append(KernelCallRecord(.close(fd: 9), answer: 0))
        let program = try #require(CallLog.reproducerOfDeadCell(hung)).program
        let close = try #require(program.range(of: "got = do_close(9)")), wait = try #require(program.range(of: "pthread_join(overlapping_1_thread, NULL)"))
        #expect(program.contains("start_worker(&overlapping_1_thread, overlapping_1)") && close.lowerBound < wait.lowerBound)
        // A write a step made alone on a thread of its own (an unbind with a timeout) gets one too, waited for briefly right after.
        var timed = crash
        timed.evidence.calls?.records = [KernelCallRecord(.write(path: "/sys/unbind", value: "0000:00:01.0"), answer: 12, thread: 5),
                                         KernelCallRecord(.close(fd: 9), answer: 0, thread: 1)]
        let alone = try #require(CallLog.reproducerOfDeadCell(timed)).program
        let joined = try #require(alone.range(of: "join_call(overlapping_1_thread, 2)")), closed = try #require(alone.range(of: "got = do_close(9)"))
        #expect(joined.lowerBound < closed.lowerBound)
    }

    /// A hang whose call returned once the cell let go: its reproducer times
    /// that call on its own thread and reproduces when it took as long as the
    /// cell allowed. Here the call is a poll of an eventfd nobody signals.
    /// A guest may run it within a second of booting: `firstSecond` runs it
    /// in a time namespace whose monotonic clock is there.
    @Test(arguments: [(1.0, Int32(1), false), (3.0, Int32(0), false), (1.0, Int32(1), true)])
    func aReleasedHangsReproducerTimesTheCallThatHung(allowed: Double, exit: Int32, firstSecond: Bool) throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-slow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = CallLog(records: [KernelCallRecord(.eventfd(fd: 7), answer: 7, thread: 1),
                                    KernelCallRecord(.poll(fd: 7, milliseconds: 1500), answer: 0, thread: 5, answeredAfter: 3),
                                    KernelCallRecord(.access(path: directory), answer: 0, thread: 1),
                                    KernelCallRecord(.close(fd: 7), answer: 0, thread: 1)],
                          stepEnds: [], thread: 1, device: "0000:00:03.0", stack: nil)
        let reproducer = log.reproducer(cell: "t/slow", finding: nil, slow: (call: 1, seconds: allowed), race: nil)
        #expect(reproducer.calls == 3, "the calls up to the one after which the slow call answered")
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let ran = try firstSecond ? run("/usr/bin/unshare", ["--time", "--monotonic=-\(secondsSinceBoot())", directory + "/repro"])
            : run(directory + "/repro", [])
        #expect(ran.status == exit, "\(ran.output)")
        #expect(ran.output.contains("call 2 (poll fd 7 for input, 1500 ms at most) was in the kernel 1.") , "\(ran.output)")
        #expect(ran.output.contains(exit == 1 ? "REPRODUCED: call 2" : "not reproduced: call 2"), "\(ran.output)")
    }

    /// The monotonic clock's whole seconds, taken early in a second so that
    /// a clock set back by them stays in its first second for a while.
    private func secondsSinceBoot() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        if now.tv_nsec > 500_000_000 {
            Thread.sleep(forTimeInterval: Double(1_000_000_000 - now.tv_nsec) / 1e9 + 0.01)
            clock_gettime(CLOCK_MONOTONIC, &now)
        }
        return now.tv_sec
    }

    @Test func aRacesReproducerRacesItsFailingRoundAgain() throws {
        let cc = try #require(compiler(), "a C compiler (build-essential) builds the reproducer")
        let directory = NSTemporaryDirectory() + "repro-race-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let watched = directory + "/watched"
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        defer { withExtendedLifetime(model) {} }
        let cell = try RaceTests().cell(on: model) { s throws(ScenarioStop) in
            let report = try s.race([
                Race.Worker<Int>("a", answers: [.op]) { turn in
                    _ = SysFile.exists(watched)
                    turn.answer(.op, turn.input == 5 ? "EIO" : "ok")
                },
                Race.Worker<Int>("b", answers: [.op]) { turn in turn.answer(.op, "EBUSY") },
            ], prepare: { .success($0) })
            try s.checkAnswers(report)
        }
        #expect(cell.outcome == .fail && cell.evidence.step == "answers to op")
        let reproducer = try #require(cell.evidence.reproducer)
        #expect(reproducer.program.contains("round 5 of the failing race"))
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        let built = try run(cc, ["-O2", "-Wall", "-Werror", "-DRACE_SECONDS=1", "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        try #require(built.status == 0, "\(built.output)")
        let again = try run(directory + "/repro", [])
        #expect(again.status == 1 && again.output.contains("REPRODUCED: round 1 answered every call as round 5"), "\(again.output)")
        #expect(FileManager.default.createFile(atPath: watched, contents: nil))
        let changed = try run(directory + "/repro", [])
        #expect(changed.status == 0 && changed.output.contains("not reproduced"), "\(changed.output)")
    }
}
