import Foundation
import Synchronization
import Testing
@testable import Engine
import Host
import Probes
import Results

/// The race helper on its own (rounds, the time bound, the seed, the
/// evidence of a break, a hang) and one race scenario on the model kernel.
@Suite struct RaceTests {
    final class Counter: Sendable {
        let atomic = Atomic<Int>(0)
        var value: Int { atomic.load(ordering: .relaxed) }
    }

    /// Two workers that count their calls and answer "ok".
    static func counting(_ calls: Counter) -> [Race.Worker<Void>] {
        ["a", "b"].map { name in
            Race.Worker<Void>(name) { turn in
                calls.atomic.add(1, ordering: .relaxed)
                turn.call(.op) {}
            }
        }
    }

    @Test func eachRoundRunsEveryWorkerOnceAndIsCounted() {
        let calls = Counter()
        let prepared = Mutex<[Int]>([])
        let race = Race(seconds: 30, seed: 7, iterations: 25)
        let report = race.run(Self.counting(calls), prepare: { round in
            prepared.withLock { $0.append(round) }
            return .success(())
        }, closing: { _ in })
        #expect(report.iterations == 25)
        #expect(calls.value == 50)
        #expect(prepared.withLock { $0 } == Array(1...25))
        #expect(report.tally("op") == "ok x50")
        #expect(report.broken == nil && report.hung == nil)
        #expect(report.summary.hasPrefix("25 iterations in ") && report.summary.hasSuffix("2 threads, seed 7"))
    }

    @Test func theLastRoundsCallsAreKeptWhereTheyWereMade() throws {
        let race = Race(seconds: 30, seed: 7, iterations: 3)
        let report = race.run([
            Race.Worker<Void>("a") { turn in turn.call(.look) { _ = SysFile.exists("/proc/self/a") } },
            Race.Worker<Void>("b") { turn in turn.call(.look) { _ = SysFile.exists("/proc/self/b") } },
        ], prepare: { _ in
            _ = SysFile.exists("/proc/self/before")
            return .success(())
        }, verdict: { _, _, _ in
            _ = SysFile.exists("/proc/self/verdict")
            return nil
        }, closing: { _ in })
        let round = try #require(report.lastRound)
        #expect(round.round == 3)
        #expect(round.before.map(\.call) == [.access(path: "/proc/self/before")])
        #expect(round.workers.map { $0.map(\.call) } == [[.access(path: "/proc/self/a")], [.access(path: "/proc/self/b")]])
        #expect(round.after.map(\.call) == [.access(path: "/proc/self/verdict")])
        #expect(round.workers.flatMap { $0.map(\.answer) } == [-Int(ENOENT), -Int(ENOENT)])
        #expect(report.firstRound("look", "ok")?.round == 1)
    }

    @Test func theRaceEndsWhenItsTimeIsUp() {
        let calls = Counter()
        let race = Race(seconds: 0.3, seed: 1)
        let clock = ContinuousClock.now
        let report = race.run(Self.counting(calls), prepare: { _ in .success(()) }, closing: { _ in })
        let took = ContinuousClock.now - clock
        #expect(report.iterations > 1)
        #expect(calls.value == 2 * report.iterations)
        #expect(report.elapsed >= 0.3 && took < .seconds(2))
    }

    @Test func theSeedGivesTheSamePausesEveryTime() {
        func pauses(_ seed: UInt64, round: Int, worker: Int) -> [Jitter.Pause] {
            var jitter = Jitter(seed: seed, round: round, worker: worker)
            return (0..<32).map { _ in jitter.next() }
        }
        #expect(pauses(12345, round: 3, worker: 1) == pauses(12345, round: 3, worker: 1))
        #expect(pauses(12345, round: 3, worker: 1) != pauses(12346, round: 3, worker: 1))
        #expect(pauses(12345, round: 3, worker: 1) != pauses(12345, round: 4, worker: 1))
        #expect(pauses(12345, round: 3, worker: 0) != pauses(12345, round: 3, worker: 1))
        // Short enough not to matter for the time bound, and of every kind.
        let many = (1...50).flatMap { pauses(9, round: $0, worker: 0) }
        #expect(many.contains(.none) && many.contains { if case .yield = $0 { true } else { false } })
        // Spins are fractions of the round's own time: some long, none longer than it.
        #expect(many.contains { if case let .spin(fraction) = $0 { fraction > 0.25 } else { false } })
        #expect(many.allSatisfy { if case let .spin(fraction) = $0 { (0...1).contains(fraction) } else { true } })
    }

    @Test func theFirstBrokenRoundIsNamedWithTheSeedAndEndsTheRace() {
        let race = Race(seconds: 30, seed: 12345, iterations: 20)
        let report = race.run([
            Race.Worker<Int>("a") { turn in turn.answer(.op, turn.input == 7 ? "EIO" : "ok") },
            Race.Worker<Int>("b") { turn in turn.answer(.op, "ok") },
        ], prepare: { .success($0) }, verdict: { round, _, turns in
            round >= 7 ? "\(turns.count) turns, round \(round)" : nil
        }, closing: { _ in })
        #expect(report.iterations == 7)
        #expect(report.verdict == "broke at iteration 7 of 7 (seed 12345, 30 s): 2 turns, round 7; the round's answers: a: op EIO; b: op ok")
        #expect(report.answers("op").map(\.answer) == ["ok", "EIO"])
        #expect(report.answers("op").map(\.count) == [13, 1])
        #expect(report.answers("op").last?.first == 7)
        #expect(report.firstRound("op", "EIO")?.round == 7 && report.firstRound("op", "ok")?.round == 1 && report.brokenRound?.round == 7)
    }

    @Test func aRoundThatCannotBeSetUpEndsTheRaceThere() {
        let report = Race(seconds: 30, seed: 3, iterations: 20).run(Self.counting(Counter()), prepare: { round in
            round == 4 ? .failure(RaceBreak("the round's bind answered EBUSY")) : .success(())
        }, closing: { _ in })
        #expect(report.iterations == 4)
        #expect(report.verdict == "broke at iteration 4 of 4 (seed 3, 30 s): the round's bind answered EBUSY")
    }

    @Test func aWorkerThatNeverReturnsIsAHangAtItsRound() {
        var race = Race(seconds: 30, seed: 5, iterations: 10)
        race.roundTimeout = 0.3
        let report = race.run([
            Race.Worker<Int>("quick") { turn in turn.answer(.op, "ok") },
            Race.Worker<Int>("stuck") { turn in if turn.input == 2 { usleep(1_500_000) } },
        ], prepare: { .success($0) }, closing: { _ in })
        #expect(report.hung?.round == 2)
        #expect(report.hung?.workers == ["stuck"])
        #expect(report.hung?.stuck == nil)
    }

    /// Whichever worker is stuck: the first is the lead thread's own turn.
    @Test(arguments: [false, true]) func aWorkerStuckInTheKernelIsAHangLongBeforeTheRoundTimeout(stuckFirst: Bool) {
        var race = Race(seconds: 30, seed: 5, iterations: 10)
        race.stillFor = 0.5
        let clock = ContinuousClock.now
        let workers = [
            Race.Worker<Int>("quick") { turn in turn.answer(.op, "ok") },
            // Asleep in the kernel without being switched in: the sample does not change.
            Race.Worker<Int>("unbind") { turn in if turn.input == 3 { usleep(4_000_000) } },
        ]
        let report = race.run(stuckFirst ? workers.reversed() : workers, prepare: { .success($0) }, closing: { _ in })
        #expect(ContinuousClock.now - clock < .seconds(3))
        #expect(report.hung?.round == 3 && report.hung?.workers == ["unbind"])
        #expect(report.hung?.stuck?.hasPrefix("unbind: state S") == true)
    }

    // MARK: in a cell

    static let table = try! ExpectationTable(text: """
        t/race | answers to op | * | ok/EBUSY
        t/race | every round | * | yes
        t/race | file descriptors after the race | * | as before
        """, file: "t.expect")

    func cell(_ body: @escaping @Sendable (ScenarioContext) throws(ScenarioStop) -> Void, cpus: String? = "0-1",
              race: RaceSettings = RaceSettings(seconds: 30, seed: 99, iterations: 10)) throws -> Cell {
        try cell(on: try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil), cpus: cpus, race: race, body)
    }

    /// On a model the caller keeps: its files outlive the cell.
    func cell(on model: KernelModel, cpus: String? = "0-1", race: RaceSettings = RaceSettings(seconds: 30, seed: 99, iterations: 10),
              _ body: @escaping @Sendable (ScenarioContext) throws(ScenarioStop) -> Void) throws -> Cell {
        if let cpus {
            try FileManager.default.createDirectory(atPath: model.root.sys("devices/system/cpu"), withIntermediateDirectories: true)
            try cpus.write(toFile: model.root.sys("devices/system/cpu/online"), atomically: true, encoding: .utf8)
        }
        var environment = model.environment(table: Self.table, topology: .noiommu)
        environment.race = race
        let runner = MatrixRunner(environment: environment, scenarios: [Scenario("t/race", "race", detail: "", body)], kmsg: model)
        return try #require(runner.run(stopAfterFault: false, interrupted: { false }, emit: { _ in }).first)
    }

    @Test func anAnswerOutsideTheRowFailsTheCellWithItsIterationAndSeed() throws {
        let cell = try cell { s throws(ScenarioStop) in
            let report = try s.race([
                Race.Worker<Int>("a", answers: [.op]) { turn in turn.answer(.op, turn.input == 5 ? "EIO" : "ok") },
                Race.Worker<Int>("b", answers: [.op]) { turn in turn.answer(.op, "EBUSY") },
            ], prepare: { .success($0) })
            try s.checkAnswers(report)
            try s.checkRounds("every round", report)
        }
        #expect(cell.outcome == .fail)
        #expect(cell.evidence.step == "answers to op")
        #expect(cell.evidence.expected == "ok or EBUSY")
        #expect(cell.evidence.observed == "broke at iteration 5 of 10 (seed 99, 30 s): op answered EIO")
        #expect(cell.evidence.steps.map(\.name) == ["cpus online", "race", "file descriptors after the race", "answers to op", "every round"])
        #expect(cell.evidence.steps.first?.observed == "2")
        #expect(cell.evidence.reason == "t.expect:1")
    }

    @Test func onOneCPUTheRaceIsSkippedNeverPassed() throws {
        let cell = try cell({ s throws(ScenarioStop) in
            let report = try s.race([
                Race.Worker<Void>("a", answers: [.op]) { turn in turn.answer(.op, "ok") },
                Race.Worker<Void>("b", answers: [.op]) { turn in turn.answer(.op, "ok") },
            ], prepare: { _ in .success(()) })
            try s.checkAnswers(report)
        }, cpus: "0\n")
        #expect(cell.outcome == .skip)
        #expect(cell.evidence.steps.first?.observed == "1")
        #expect(cell.evidence.steps.first { $0.name == "answers to op" } == nil)
        #expect(cell.evidence.reason == "1 CPU online: the 2 threads could not run at once (--depth races on guests of 2 vCPUs)")
    }

    @Test func aFileLeftOpenByTheRaceFailsTheCell() throws {
        let cell = try cell { s throws(ScenarioStop) in
            let fds = s.root.proc("self/fd")
            _ = try s.race([
                Race.Worker<Int>("a") { turn in
                    // As if the round had opened /dev/vfio/0 as fd 9 and never closed it.
                    if turn.input == 2 {
                        try? FileManager.default.createDirectory(atPath: fds, withIntermediateDirectories: true)
                        try? FileManager.default.createSymbolicLink(atPath: fds + "/9", withDestinationPath: "/dev/vfio/0")
                    }
                },
                Race.Worker<Int>("b") { _ in },
            ], prepare: { .success($0) })
        }
        #expect(cell.outcome == .fail)
        #expect(cell.evidence.step == "file descriptors after the race")
        #expect(cell.evidence.observed == "1 more than before: 9 -> /dev/vfio/0")
    }

    @Test func aHungRoundIsTheCellsHangNamedByItsIterationAndSeed() throws {
        var settings = RaceSettings(seconds: 30, seed: 99, iterations: 10)
        settings.roundTimeout = 0.3
        let cell = try cell({ s throws(ScenarioStop) in
            _ = try s.race([
                Race.Worker<Int>("a") { turn in turn.answer(.op, "ok") },
                Race.Worker<Int>("unbind") { turn in if turn.input == 3 { usleep(1_500_000) } },
            ], prepare: { .success($0) })
        }, race: settings)
        #expect(cell.outcome == .hang)
        #expect(cell.evidence.step == "race iteration 3 (seed 99)")
        #expect(cell.evidence.steps.last?.observed == "blocked: unbind")
    }

    /// The race scenarios end to end on the model, from both threads at once.
    @Test func theRacesRunOnTheModelAndLeaveItClean() throws {
        let table = ExpectationCoverageTests.table
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        var environment = model.environment(table: table, topology: .noiommu)
        environment.race = RaceSettings(seconds: 0.5, seed: 4242)
        let scenarios = ["race/toggle-during-bind-unbind", "race/unbind-during-group-open-close", "race/open-group-twice",
                         "race/close-device-vs-unbind", "race/rmmod-vfio-pci-vs-open"].compactMap(ScenarioCatalog.named)
        #expect(scenarios.count == 5)
        let cells = MatrixRunner(environment: environment, scenarios: scenarios, kmsg: model)
            .run(stopAfterFault: false, interrupted: { false }, emit: { _ in })
        for cell in cells {
            #expect(cell.outcome == .pass, "\(cell.scenario): \(cell.evidence.summary)")
            let race = try #require(cell.evidence.steps.first { $0.name == "race" })
            #expect(race.observed.hasSuffix("2 threads, seed 4242"))
        }
        #expect(model.loadedModules().isEmpty)
        #expect(try model.device(KernelModel.address).driver == nil)
        #expect(model.closedTwice.isEmpty, "a worker's close and the round's end both closed fds \(model.closedTwice)")
    }

    /// What a round leaves is judged by the table's `round end:` rows: a
    /// bound noiommu device without its vfio-dev entry is a finding that
    /// names the row, and the unbound device it leaves after is none.
    @Test func aRoundsEndStateIsJudgedByTheTable() throws {
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        let environment = model.environment(table: ExpectationCoverageTests.table, topology: .noiommu)
        let kernel = CellKernel(environment, scenario: "race/open-group-twice")
        try model.load("vfio", parameters: "enable_unsafe_noiommu_mode=1")
        try kernel.bind()
        #expect(kernel.unexpectedState() == nil)
        try FileManager.default.removeItem(atPath: model.root.sys("bus/pci/devices/\(KernelModel.address)/vfio-dev"))
        let finding = try #require(kernel.unexpectedState())
        #expect(finding.hasPrefix("round end: vfio-dev entry is absent, ") && finding.contains("vfio.expect:") && finding.contains("allows vfioN"), "\(finding)")
        try kernel.unbind()
        #expect(kernel.unexpectedState() == nil)
    }

    /// The cdev race behind the vIOMMU, where the model keeps the group and
    /// a bound cdev exclusive as vfio_device_block_group does.
    @Test func theCdevRaceFindsExactlyOneWinnerOnTheModel() throws {
        let features = VFIOFeatures(config: KernelConfig(text: """
            CONFIG_VFIO=m
            CONFIG_VFIO_GROUP=y
            CONFIG_VFIO_CONTAINER=y
            CONFIG_VFIO_IOMMU_TYPE1=m
            CONFIG_VFIO_DEVICE_CDEV=y
            CONFIG_IOMMUFD=m
            """))
        let model = try KernelModel(features: features, iommuGroup: "7")
        var environment = model.environment(table: ExpectationCoverageTests.table, topology: .viommu)
        environment.race = RaceSettings(seconds: 0.5, seed: 31337)
        let scenario = try #require(ScenarioCatalog.named("race/cdev-bind-vs-group-open"))
        let cell = try #require(MatrixRunner(environment: environment, scenarios: [scenario], kmsg: model)
            .run(stopAfterFault: false, interrupted: { false }, emit: { _ in }).first)
        #expect(cell.outcome == .pass, "\(cell.evidence.summary)")
        #expect(cell.evidence.steps.first { $0.name == "exactly one of bind and open won every round" }?.observed == "yes")
    }
}

extension RaceChannel {
    static let op = RaceChannel("op")
    static let look = RaceChannel("look")
}
