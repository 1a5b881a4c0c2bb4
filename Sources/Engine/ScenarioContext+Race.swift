import Host
import Probes
import Results

/// Races in a scenario: the context runs a `Race` with this run's settings,
/// records how far it got and on how many CPUs, and judges what the workers
/// answered against the table, one step per channel whatever the timing.
extension ScenarioContext {
    /// The CPUs the kernel has online; nil when the list cannot be read.
    var onlineCPUs: Int? {
        (try? SysFile.read(root.sys("devices/system/cpu/online"))).flatMap(OnlineCPUs.count(in:))
    }

    /// Runs the race for this run's seconds and seed. Records "cpus online"
    /// and "race" (iterations, time, threads, seed: what repeats the run).
    /// On one CPU the threads could only interleave at preemption, never run
    /// at once: a race that cannot race is skipped, never passed.
    /// A round that never finished is a hang, named by its iteration: as
    /// soon as a worker's thread is stuck in the kernel (`stillFor`), at the
    /// round timeout at the latest.
    func race<Input: Sendable>(_ workers: [Race.Worker<Input>],
                               prepare: @escaping @Sendable (Int) -> Result<Input, RaceBreak>,
                               verdict: @escaping @Sendable (Int, Input, [RaceTurn<Input>]) -> String? = { _, _, _ in nil },
                               release: @escaping @Sendable (Input) -> Void = { _ in }) throws(ScenarioStop) -> RaceReport {
        let cpus = onlineCPUs
        record("cpus online", cpus.map(String.init) ?? "unknown")
        if (cpus ?? 1) < 2 {
            try skip("\(cpus.map { "\($0) CPU" } ?? "CPUs unknown") online: the \(workers.count) threads could not run at once (--depth races on guests of 2 vCPUs)")
        }
        let settings = raceSettings
        let race = Race(seconds: settings.seconds, seed: settings.seed ?? Race.randomSeed(), iterations: settings.iterations,
                        roundTimeout: settings.roundTimeout, stillFor: Self.stillFor)
        let fdsBefore = openDescriptors
        let at = calls.count
        let start = ContinuousClock.now
        let kernel = kernel
        let report = race.run(workers, prepare: prepare, verdict: verdict, release: release,
                              closing: { try? kernel.close($0) }, faulted: kernelLog.faultSeen)
        if report.noThreads { throw .harness("could not start the race's \(workers.count) threads (pthread_create failed)") }
        record("race", report.summary, seconds: seconds(since: start), varies: true)
        lastRaceStart = at
        if let hung = report.hung {
            let step = "race iteration \(hung.round) (seed \(report.seed))"
            record(step, "blocked: \(hung.workers.joined(separator: ", "))", seconds: hung.seconds)
            throw .hang(step: step, seconds: hung.seconds, stuck: hung.stuck)
        }
        try check("file descriptors after the race", leaked(since: fdsBefore).map { "\($0.count) more than before: \($0.joined(separator: ", "))" } ?? "as before")
        if settings.bareLoop { try bareLoop(report, seconds: settings.seconds) }
        return report
    }

    /// The race's last round in which every call worked (else its last) made
    /// again from C for as long as the race ran:
    /// "bare loop" records both rates and their ratio, for ci/bench-races.sh.
    private func bareLoop(_ report: RaceReport, seconds: Double) throws(ScenarioStop) {
        guard let round = report.completeRound ?? report.lastRound else { record("bare loop", "no round finished"); return }
        let start = ContinuousClock.now
        let bare: KernelCallReplay.Rounds
        do { bare = try round.replay(seconds: seconds) } catch { throw .harness("could not start the bare loop's \(round.workers.count) threads: \(error)") }
        let harness = report.elapsed > 0 ? Double(report.iterations) / report.elapsed : 0
        let ratio = harness > 0 ? bare.perSecond / harness : 0
        record("bare loop", "\(bare.rounds) rounds in \(RaceReport.format(bare.seconds)) s: \(Self.rate(bare.perSecond))/s, the harness \(Self.rate(harness))/s, "
            + "ratio \(Self.rate(ratio)) (\(round.workers.map { String($0.count) }.joined(separator: "+")) calls a round, \(round.before.count) before, \(round.after.count) after; "
            + "the harness's time: \(report.phases.description(of: report.elapsed)))",
            seconds: self.seconds(since: start), varies: true)
    }

    private static func rate(_ value: Double) -> String { String((value * 100).rounded() / 100) }

    /// This process's open descriptors and what each names.
    private var openDescriptors: [String: String] {
        let directory = root.proc("self/fd")
        // The listing's own descriptor is closed by the time it is read: it has no target.
        return KernelCallRecorder.unrecorded {
            Dictionary(SysFile.list(directory).compactMap { fd in SysFile.linkTarget(directory + "/" + fd).map { (fd, $0) } }) { first, _ in first }
        }
    }

    /// The descriptors open now that were not before (or now name another
    /// file), as "7 -> /dev/vfio/0"; nil when none.
    private func leaked(since before: [String: String]) -> [String]? {
        let new = openDescriptors.filter { before[$0.key] != $0.value }.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }
        return new.isEmpty ? nil : new.map { "\($0.key) -> \($0.value)" }
    }

    /// One step for each channel the workers answer on, in the order they
    /// name them, whether it answered or not: its row says which answers
    /// are allowed. The first answer outside them fails the cell with the
    /// iteration it first came in and the seed; the body goes on.
    func checkAnswers(_ report: RaceReport) throws(ScenarioStop) {
        for channel in report.channels { try checkAnswers(channel, report) }
    }

    private func checkAnswers(_ channel: RaceChannel, _ report: RaceReport) throws(ScenarioStop) {
        let step = channel.step
        let rule = try row(step)
        if let bad = report.answers(channel.name).first(where: { !rule.accepts($0.answer) }) {
            let observed = report.brokeAt(bad.first, "\(channel.name) answered \(bad.answer)")
            record(step, observed)
            noteRaceFinding(report.firstRound(channel.name, bad.answer), report)
            fail(.mismatch(step: step, expected: rule.expectedText, observed: observed, rule: rule))
        } else {
            record(step, report.tally(channel.name), varies: true)
        }
    }

    /// The race's per-round invariant: "yes", or the iteration it first broke.
    func checkRounds(_ step: String, _ report: RaceReport) throws(ScenarioStop) {
        if report.broken != nil { noteRaceFinding(report.brokenRound, report) }
        try check(step, report.verdict)
    }

    /// The first race finding of the cell: where its race began among the
    /// cell's calls, the round that showed it, and the seed.
    private func noteRaceFinding(_ round: RecordedRound?, _ report: RaceReport) {
        guard raceFinding == nil, let round, let at = lastRaceStart else { return }
        raceFinding = RaceFinding(at: at, round: round, seed: report.seed, iterations: report.iterations)
    }
}
