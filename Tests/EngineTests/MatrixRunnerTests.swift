import Foundation
import Testing
import Host
@testable import Engine
import Probes
import Results

/// The runner, the context's two verbs and the restorer on the model
/// kernel: what a cell's outcome is, what runs after a wedge, and what the
/// machine looks like after each cell.
@Suite struct MatrixRunnerTests {
    static let legacy = VFIOFeatures(config: KernelConfig(text: """
        CONFIG_VFIO=m
        CONFIG_VFIO_GROUP=y
        CONFIG_VFIO_CONTAINER=y
        CONFIG_VFIO_IOMMU_TYPE1=m
        CONFIG_VFIO_NOIOMMU=y
        """))

    static let table = try! ExpectationTable(text: """
        t/* | a | * | ok
        t/* | b | * | ok
        t/* | c | * | ok
        """, file: "t.expect")

    func run(_ scenarios: [Scenario], on model: KernelModel? = nil, stopAfterFault: Bool = false) throws -> (cells: [Cell], model: KernelModel) {
        let model = try model ?? KernelModel(features: Self.legacy, iommuGroup: nil)
        let runner = MatrixRunner(environment: model.environment(table: Self.table, topology: .noiommu), scenarios: scenarios, kmsg: model)
        return (runner.run(stopAfterFault: stopAfterFault, interrupted: { false }, emit: { _ in }), model)
    }

    static func scenario(_ name: String, _ body: @escaping @Sendable (ScenarioContext) throws(ScenarioStop) -> Void) -> Scenario {
        Scenario("t/\(name)", name, detail: name, body)
    }

    @Test func checkGoesOnAndTheFirstMismatchIsTheFinding() throws {
        let (cells, _) = try run([Self.scenario("check") { s throws(ScenarioStop) in
            try s.check("a", "EPERM")
            try s.check("b", "EBUSY")
            try s.check("c", "ok")
        }])
        let cell = try #require(cells.first)
        #expect(cell.outcome == .fail)
        #expect(cell.evidence.step == "a")
        #expect(cell.evidence.expected == "ok" && cell.evidence.observed == "EPERM")
        #expect(cell.evidence.steps.map(\.name) == ["a", "b", "c"])
    }

    @Test func requireStopsAtItsMismatch() throws {
        let (cells, _) = try run([Self.scenario("require") { s throws(ScenarioStop) in
            try s.require("a", "EPERM")
            try s.check("b", "ok")
        }])
        #expect(cells.first?.outcome == .fail)
        #expect(cells.first?.evidence.steps.map(\.name) == ["a"])
        #expect(cells.first?.evidence.reason == "t.expect:1")
    }

    @Test func aStepWithoutARowIsAHarnessError() throws {
        let (cells, _) = try run([Self.scenario("typo") { s throws(ScenarioStop) in try s.check("d", "ok") }])
        #expect(cells.first?.outcome == .error)
        #expect(cells.first?.evidence.reason?.contains("no row in t.expect for `t/typo | d`") == true)
    }

    @Test func aHangOutranksAnEarlierMismatchAndLaterCellsSkip() throws {
        let (cells, _) = try run([
            Self.scenario("hang") { s throws(ScenarioStop) in
                try s.check("a", "EPERM")
                throw .hang(step: "b", seconds: 10)
            },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ])
        #expect(cells.map(\.outcome) == [.hang, .skip])
        #expect(cells[0].evidence.step == "b")
        #expect(cells[1].evidence.reason?.hasPrefix("not run: the kernel was left unreliable by the hang in t/hang") == true)
    }

    @Test func aKernelReportMakesTheCellACrashWhateverTheStepsSaw() throws {
        let model = try KernelModel(features: Self.legacy, iommuGroup: nil)
        let (cells, _) = try run([
            Self.scenario("oops") { s throws(ScenarioStop) in
                try s.check("a", "EPERM")
                model.log("BUG: kernel NULL pointer dereference, address: 0000000000000018")
                try s.check("b", "ok")
            },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ], on: model)
        #expect(cells.map(\.outcome) == [.crash, .skip])
        #expect(cells[0].evidence.kernelReports.first?.headline.contains("NULL pointer dereference") == true)
    }

    @Test func inALabGuestTheRunEndsAtTheWedge() throws {
        let (cells, _) = try run([
            Self.scenario("hang") { _ throws(ScenarioStop) in throw .hang(step: "b", seconds: 10) },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ], stopAfterFault: true)
        #expect(cells.map(\.outcome) == [.hang])
    }

    /// A call that waited only for the cell (an unbind for a device fd it
    /// held) returns once the cell's files are closed: the next cell runs in
    /// the same kernel, in a lab guest as on the host.
    @Test(arguments: [false, true]) func aHangTheCellsClosesReleaseLetsTheNextCellRun(inGuest: Bool) throws {
        let (cells, _) = try run([
            Self.scenario("released") { s throws(ScenarioStop) in
                _ = try s.makeEventFD()
                let kernel = s.kernel
                _ = try s.blocking("b", timeout: 1) {
                    while kernel.openCount > 0 { usleep(10_000) }
                    return "ok"
                }
            },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ], stopAfterFault: inGuest)
        #expect(cells.map(\.outcome) == [.hang, .pass])
        #expect(cells[0].evidence.step == "b")
        #expect(cells[0].evidence.observed?.hasSuffix("once the cell's files were closed, so the kernel stays in use") == true)
    }

    /// A helper of the cell that gives the blocked call what it waits for
    /// after a deadline ends first: its files are not closed under it.
    @Test func aHangTheCellsOwnHelperReleasesIsLetGoBeforeAnyClose() throws {
        let (cells, _) = try run([
            Self.scenario("helper") { s throws(ScenarioStop) in
                let gate = DispatchSemaphore(value: 0)
                _ = try s.makeEventFD()
                _ = BackgroundCall { () -> Bool in
                    usleep(1_500_000)
                    gate.signal()
                    return true
                }
                let kernel = s.kernel
                _ = try s.blocking("b", timeout: 1) {
                    gate.wait()
                    return kernel.openCount == 1 ? "ok" : "closed under the helper"
                }
            },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ], stopAfterFault: true)
        #expect(cells.map(\.outcome) == [.hang, .pass])
        #expect(cells[0].evidence.observed?.contains("once the cell's other threads had ended") == true)
    }

    /// A call the closes do not let go (a leaked registration, a mutex never
    /// unlocked) keeps the kernel from being used again: the guest's run ends.
    @Test func aHangTheClosesDoNotReleaseStillEndsTheGuestsRun() throws {
        let gate = DispatchSemaphore(value: 0)
        defer { gate.signal() }
        let (cells, _) = try run([
            Self.scenario("stuck") { s throws(ScenarioStop) in
                _ = try s.makeEventFD()
                _ = try s.blocking("b", timeout: 1) {
                    // As an unbind the kernel never lets return: a call noted, never answered.
                    _ = KernelCallRecorder.begin(.write(path: "/sys/bus/pci/drivers/vfio-pci/unbind", value: "0000:00:04.0"))
                    gate.wait()
                    return "ok"
                }
            },
            Self.scenario("next") { s throws(ScenarioStop) in try s.check("a", "ok") },
        ], stopAfterFault: true)
        #expect(cells.map(\.outcome) == [.hang])
        #expect(cells[0].evidence.observed?.hasSuffix("its files were closed: this kernel is not used again") == true)
        // Its reproducer makes every call the cell made (the closes after it among them), not the timed form of a released hang.
        let program = try #require(cells[0].evidence.reproducer?.program)
        #expect(program.contains("vfio-pci/unbind") && !program.contains("slow_verdict()"))
    }

    @Test func anUnmetRequirementSkipsWithItsReasonBeforeTouchingAnything() throws {
        let (cells, model) = try run([Scenario("t/cdev", "cdev", detail: "", needs: [.feature(.cdev)]) { s throws(ScenarioStop) in try s.bind() }])
        #expect(cells.first?.outcome == .skip)
        #expect(cells.first?.evidence.reason == "CONFIG_VFIO_DEVICE_CDEV is not in this kernel (its config does not know the option)")
        #expect(model.calls.isEmpty)
    }

    @Test func theRestorerPutsDriverModeAndModulesBackAndClosesWhatWasLeftOpen() throws {
        let (cells, model) = try run([Self.scenario("leave") { s throws(ScenarioStop) in
            try s.loadFreshStack(.modeOn)
            try s.bind()
            _ = try s.openDevice()
            try s.check("a", "ok")
        }])
        #expect(cells.first?.outcome == .pass)
        #expect(cells.first?.evidence.invariants == [])
        #expect(model.loadedModules().isEmpty)
        #expect(try model.device(KernelModel.address).driver == nil)
        // The device goes back to its driver before its modules are unloaded.
        let restore = try #require(model.calls.firstIndex(of: "restore"))
        let rmmod = try #require(model.calls.firstIndex { $0.hasPrefix("rmmod") })
        #expect(restore < rmmod)
    }

    @Test func whatTheRestorerCannotUndoIsABrokenInvariant() throws {
        let (cells, _) = try run([Self.scenario("node") { s throws(ScenarioStop) in
            _ = FileManager.default.createFile(atPath: s.root.dev("vfio/stray"), contents: nil)
            try s.check("a", "ok")
        }])
        #expect(cells.first?.outcome == .fail)
        #expect(cells.first?.evidence.step == "invariants after the cell")
        #expect(cells.first?.evidence.invariants == ["/dev/vfio differs from baseline: added [\"stray\"], gone []"])
        // Its reproducer is decided by the calls after the last step: the restore and the reads of the machine.
        let program = try #require(cells.first?.evidence.reproducer?.program)
        #expect(program.contains("finding_end(\"invariants after the cell\", \"the machine as the cell found it\""))
        #expect(program.contains("found("))
    }

    static let onStack = Fixture(stack: .modeOn, needs: []) { s throws(ScenarioStop) in try s.bind() }

    @Test func cellsStartingFromOneStackShareOneLoadAndTheLastUnloadsIt() throws {
        let (cells, model) = try run([
            Self.onStack.test("t/first", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", "ok") },
            Scenario("t/cdev", "", detail: "", needs: [.feature(.cdev)]) { _ throws(ScenarioStop) in },
            Self.onStack.test("t/second", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", s.mode) },
            Self.onStack.test("t/third", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", "ok") },
        ])
        #expect(cells.map(\.outcome) == [.pass, .skip, .fail, .pass])
        #expect(model.calls.filter { $0 == "load vfio" }.count == 2)
        #expect(cells[2].evidence.steps.first.map { "\($0.name): \($0.observed)" } == "stack kept loaded: from t/first, as its load left it")
        // A cell that failed hands nothing on, whatever state it left.
        #expect(cells[3].evidence.steps.first?.name == "load vfio enable_unsafe_noiommu_mode=1")
        #expect(model.loadedModules().isEmpty)
        #expect(try model.device(KernelModel.address).driver == nil)
    }

    /// What the cells before left on a kept stack is part of where a cell
    /// started: its reproducer makes their calls first, from no stack loaded.
    @Test func aReproducerOnAKeptStackMakesTheCallsSinceItsLoadFirst() throws {
        let (cells, _) = try run([
            Self.onStack.test("t/first", "", detail: "") { s, _ throws(ScenarioStop) in _ = try? SysFile.read("/nonexistent/first") },
            Self.onStack.test("t/second", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", s.mode) },
        ])
        #expect(cells.map(\.outcome) == [.pass, .fail])
        let reproducer = try #require(cells[1].evidence.reproducer)
        #expect(reproducer.program.contains("do_read(\"/nonexistent/first\")"))
        #expect(!reproducer.prelude.contains("modprobe vfio "))
    }

    /// The harness closes what a cell left open before it restores: its
    /// reproducer closes them too, or its own unbind would wait for them.
    @Test func theFilesACellLeftOpenAreClosedInItsReproducer() throws {
        let (cells, _) = try run([
            Self.onStack.test("t/open", "", detail: "") { s, _ throws(ScenarioStop) in
                _ = try s.openGroup()
                _ = FileManager.default.createFile(atPath: s.root.dev("vfio/stray"), contents: nil)
            },
        ])
        let program = try #require(cells.first?.evidence.reproducer?.program)
        #expect(program.contains("got = do_close("), "\(program)")
    }

    /// A step that stops the cell without being recorded (no cdev node to
    /// open) is the finding, made of the calls since the last recorded step.
    @Test func anUnrecordedStepThatStoppedTheCellIsItsReproducersFinding() throws {
        let (cells, _) = try run([
            Self.onStack.test("t/cdev", "", detail: "") { s, _ throws(ScenarioStop) in _ = try s.openCdev() },
        ])
        #expect(cells.first?.outcome == .fail && cells.first?.evidence.step == "open cdev")
        let program = try #require(cells.first?.evidence.reproducer?.program)
        #expect(program.contains("finding_end(\"open cdev\", \"a cdev node\", \"no node\")"), "\(program)")
        #expect(program.contains("\tfound("))
    }

    @Test func aCellThatLeftTheStackOtherwiseThanItsLoadUnloadsIt() throws {
        let (cells, model) = try run([
            Self.onStack.test("t/toggle", "", detail: "") { s, _ throws(ScenarioStop) in try s.setMode(false) },
            Self.onStack.test("t/next", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", "ok") },
        ])
        #expect(cells.map(\.outcome) == [.pass, .pass])
        #expect(model.calls.filter { $0 == "load vfio" }.count == 2)
        #expect(cells[1].evidence.steps.first?.name == "load vfio enable_unsafe_noiommu_mode=1")
    }

    @Test func anotherStackOrNoneIsLoadedAfresh() throws {
        let (_, model) = try run([
            Self.onStack.test("t/on", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", "ok") },
            Fixture(stack: .modeOff, needs: []) { _ in }.test("t/off", "", detail: "") { s, _ throws(ScenarioStop) in try s.check("a", "ok") },
            Self.scenario("clean") { s throws(ScenarioStop) in try s.check("a", s.loadedModules().isEmpty ? "ok" : "loaded") },
        ])
        #expect(model.calls.filter { $0 == "load vfio" }.count == 2)
        #expect(model.calls.filter { $0 == "rmmod vfio_pci" }.count == 2)
    }
}


/// A wait on the harness's own threads is judged by the background call that blocks.
@Suite struct BlockingSampleTests {
    @Test func aThreadWaitingForAHelperIsJudgedByTheHelper() throws {
        let gate = DispatchSemaphore(value: 0)
        // The helper sleeps in the kernel (nanosleep), the waiter on the helper's result (futex).
        let helper = try BackgroundCall.onOwnThread { () -> Bool in usleep(3_000_000); return true }
        let waiter = try BackgroundCall.onOwnThread { () -> Bool in gate.wait(); return true }
        defer { gate.signal() }
        usleep(300_000)
        let sample = try #require(MatrixRunner.blockingSample(of: waiter.thread))
        #expect(!sample.waitsForThisProcess && sample.state != "R")
        #expect(BackgroundCalls.threads.contains(try #require(helper.thread)))
        #expect(ThreadSample.read(thread: try #require(waiter.thread))?.waitsForThisProcess == true)
    }
}
