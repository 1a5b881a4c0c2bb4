import Dispatch
import Glibc
import Host
import Probes
import Synchronization

/// Two or more workers on threads of their own, doing their operations at
/// the same time, round after round, for at most `seconds`. Every round
/// starts with the workers released together from a barrier; each then
/// pauses for a while its seeded jitter chooses (nothing, a few yields, a
/// spin on the scale of the round's calls) before each operation, so the
/// same seed gives the same pauses in the same rounds and a run can be
/// repeated. Every round's kernel calls are recorded where they are made
/// (the lead thread's before and after the workers', each worker's on its
/// thread), for the bare loop and a race's reproducer. What the workers
/// answered is kept per channel (the operation's name) with the
/// first round each answer appeared in, and a round's verdict (an invariant
/// over all the workers' answers) names the first round that broke it,
/// which ends the race.
struct Race: Sendable {
    /// At most this long; the round under way when it runs out is finished.
    var seconds: Double
    var seed: UInt64
    /// Stop after this many rounds even with time left (to repeat a run).
    var iterations: Int?
    /// A round not finished in this long is a hang, however busy its workers.
    var roundTimeout: Double = 60
    /// A worker whose thread sits in the kernel unchanged (same state and
    /// stack, not switched in) this long is stuck: the round is a hang at once.
    var stillFor: Double = 3

    /// A seed short enough to type back in.
    static func randomSeed() -> UInt64 { UInt64.random(in: 1...99_999_999) }

    /// One worker: its name, the channels it answers on, and what it does in a round.
    struct Worker<Input: Sendable>: Sendable {
        let name: String
        let answers: [RaceChannel]
        let body: @Sendable (inout RaceTurn<Input>) -> Void

        init(_ name: String, answers: [RaceChannel] = [], _ body: @escaping @Sendable (inout RaceTurn<Input>) -> Void) {
            self.name = name
            self.answers = answers
            self.body = body
        }
    }

    /// Runs `workers` round after round. Before each round `prepare` makes
    /// what the workers start from, or says why it could not, which ends the
    /// race. After each round `verdict` says what broke, if anything; the
    /// files the workers held are closed by `closing`, newest first, and
    /// `release` closes what `prepare` made. `faulted` is asked after every
    /// round and while a round is waited for: a kernel report means a worker
    /// may never come back.
    ///
    /// The rounds run on a lead thread that is also the first worker, as
    /// the bare loop's main thread is: the calling thread only watches,
    /// asleep between looks. A third runnable thread on two vCPUs would
    /// cost a context switch at every hand-over, dearer under TCG than the
    /// kernel calls of a short round.
    func run<Input: Sendable>(_ workers: [Worker<Input>],
                              prepare: @escaping @Sendable (Int) -> Result<Input, RaceBreak>,
                              verdict: @escaping @Sendable (Int, Input, [RaceTurn<Input>]) -> String? = { _, _, _ in nil },
                              release: @escaping @Sendable (Input) -> Void = { _ in },
                              closing: @escaping @Sendable (any VFIOFile) -> Void,
                              faulted: @escaping @Sendable () -> Bool = { false }) -> RaceReport {
        var report = RaceReport(seed: seed, seconds: seconds, threads: workers.count, channels: workers.flatMap(\.answers))
        let lead = Lead(report)
        let race = self
        guard let crew = Crew(workers),
              case let .success(thread) = PThread.start({
                  race.lead(workers, crew: crew, lead: lead, prepare: prepare, verdict: verdict, release: release, closing: closing, faulted: faulted)
              })
        else {
            report.noThreads = true
            return report
        }
        pthread_detach(thread)
        defer { crew.dismiss() }
        return watch(workers, crew: crew, lead: lead, faulted: faulted)
    }

    /// What the lead thread and the watching one share.
    private final class Lead: Sendable {
        enum Phase: Sendable { case between, inRound, abandoned }
        /// The report as of the last round finished, kept by the lead thread; all of it once `finished` is signalled.
        let report: Mutex<RaceReport>
        /// The round under way, since when, and whether the watcher gave up on it.
        let round = Mutex<(number: Int, clock: Stopwatch, phase: Phase)>((0, Stopwatch(), .between))
        let finished = DispatchSemaphore(value: 0)
        /// When the race began, for the elapsed time of one the watcher gave up on.
        let clock = Stopwatch()

        init(_ report: RaceReport) { self.report = Mutex(report) }
    }

    /// The rounds, on the lead thread, which plays the first worker itself.
    private func lead<Input: Sendable>(_ workers: [Worker<Input>], crew: Crew<Input>, lead: Lead,
                                       prepare: (Int) -> Result<Input, RaceBreak>,
                                       verdict: (Int, Input, [RaceTurn<Input>]) -> String?,
                                       release: (Input) -> Void,
                                       closing: (any VFIOFile) -> Void,
                                       faulted: () -> Bool) {
        crew.seat()
        // The report stays where the watcher reads it, changed in place once a round: a copy
        // kept there would make every later change copy its tables.
        defer { lead.finished.signal() }
        let clock = lead.clock
        var round = 0
        var broken = false
        // The pauses' scale: how long the workers' calls took lately.
        var scale = 0.0
        while clock.seconds < seconds, round < (iterations ?? .max), !broken, !faulted() {
            round += 1
            let preparing = Stopwatch()
            let input: Input
            let before = KernelCallRecorder()
            switch KernelCallRecorder.recording(into: before, { prepare(round) }) {
            case let .success(made): input = made
            case let .failure(failure):
                lead.report.withLock { report in
                    report.iterations = round
                    report.broken = report.broken ?? (round, failure.what)
                    report.elapsed = clock.seconds
                }
                return
            }
            let turns = workers.indices.map { RaceTurn(input: input, round: round, jitter: Jitter(seed: seed, round: round, worker: $0, scale: scale)) }
            let prepared = preparing.seconds
            let start = Stopwatch()
            lead.round.withLock { $0 = (round, start, .inRound) }
            crew.start(turns)
            crew.play(0, workers[0], round: round)
            var finished: [RaceTurn<Input>]?
            while finished == nil {
                finished = crew.wait(seconds: 0.25)
                if finished == nil && lead.round.withLock({ $0.phase == .abandoned }) { return }
            }
            // The watcher may have given up on the round as it ended: then it is the watcher's.
            guard lead.round.withLock({ state in
                guard state.phase == .inRound else { return false }
                state.phase = .between
                return true
            }), let finished else { return }
            let took = start.seconds
            let work = finished.map { $0.took - $0.paused }.max() ?? 0
            scale = scale == 0 ? work : 0.8 * scale + 0.2 * work
            let checking = Stopwatch()
            // The verdict's reads are among the round's calls: a bare replay makes them too.
            let after = KernelCallRecorder()
            var what: String?
            KernelCallRecorder.recording(into: after) {
                what = verdict(round, input, finished).map { what in
                    let answers = zip(workers, finished).map { worker, turn in
                        "\(worker.name): " + (turn.answers.isEmpty ? "nothing" : turn.answers.map { "\($0.channel) \($0.answer)" }.joined(separator: ", "))
                    }
                    return "\(what); the round's answers: \(answers.joined(separator: "; "))"
                }
                for turn in finished { for file in turn.held.reversed() { closing(file) } }
                release(input)
            }
            // A round where every call worked did all its steps (each bind has
            // its unbind): replayed, it leaves what it found, as one that
            // skipped them may not.
            let recorded = RecordedRound(before: before.records, workers: finished.map(\.calls), after: after.records, round: round)
            broken = what != nil
            lead.report.withLock { report in
                report.iterations = round
                if let what { report.broken = (round, what) }
                if !finished.contains(where: \.refused) { report.completeRound = recorded }
                report.lastRound = recorded
                report.count(recorded, answers: finished.flatMap(\.answers))
                report.phases.prepare += prepared
                report.phases.round += took
                report.phases.calls += work
                report.phases.check += checking.seconds
                report.elapsed = clock.seconds
            }
        }
        lead.report.withLock { $0.elapsed = clock.seconds }
    }

    /// The calling thread's part: asleep until the race ends, looking every
    /// quarter second at the round under way. A worker stuck in the kernel
    /// (`stillFor`), a round past `roundTimeout` or a kernel report ends the
    /// race as a hang of that round, with the report as of the round before.
    private func watch<Input: Sendable>(_ workers: [Worker<Input>], crew: Crew<Input>, lead: Lead, faulted: () -> Bool) -> RaceReport {
        var watched = 0
        var detectors: [StuckThread] = []
        while lead.finished.wait(timeout: .now() + 0.25) == .timedOut {
            let (number, clock, phase) = lead.round.withLock { $0 }
            guard phase == .inRound else { continue }
            if number != watched {
                watched = number
                detectors = workers.map { _ in StuckThread(stillFor: stillFor) }
            }
            var stuck: String?
            for index in crew.unfinished() {
                let sample = crew.thread(index).flatMap(ThreadSample.read(thread:))
                if let still = detectors[index].observe(sample, at: clock.seconds) {
                    stuck = "\(workers[index].name): \(still.summary)"
                    break
                }
            }
            guard stuck != nil || clock.seconds >= roundTimeout || faulted() else { continue }
            let gaveUp = lead.round.withLock { state in
                guard state.number == number, state.phase == .inRound else { return false }
                state.phase = .abandoned
                return true
            }
            guard gaveUp else { continue }
            var report = lead.report.withLock { $0 }
            report.iterations = number
            report.hung = (number, crew.unfinished().map { workers[$0].name }, stuck, clock.seconds)
            report.elapsed = lead.clock.seconds
            return report
        }
        return lead.report.withLock { $0 }
    }

    /// The worker threads, kept for the whole race so a round costs no
    /// thread creation, and released together at each round's barrier; the
    /// first worker is the lead thread, which plays its turn itself. Each
    /// stays on a CPU of its own (the nth of those the cell may use): two
    /// workers the scheduler put on one CPU would take turns, not race.
    /// Every hand-over (the round's start to the workers, their finish to
    /// the lead) spins on an atomic first and sleeps on a semaphore only
    /// when that takes longer than `spinFor`: a vCPU that halts in a sleep
    /// takes far longer to wake under TCG than the kernel calls of a round.
    private final class Crew<Input: Sendable>: @unchecked Sendable {
        // Each worker's turn: set by the lead before `go`, taken back after `done`.
        private let turns: Mutex<[RaceTurn<Input>?]>
        private let threads: Mutex<[Int32?]>
        private let go: [DispatchSemaphore]
        private let done = DispatchSemaphore(value: 0)
        /// The round the workers may start, and how many of them have
        /// arrived at and got through each round, counted over all rounds.
        private let round = Atomic<Int>(0)
        private let arrived = Atomic<Int>(0)
        private let through = Atomic<Int>(0)
        /// Per worker, the last round it finished.
        private let last: Mutex<[Int]>
        private let dismissed = Atomic<Bool>(false)
        private let names: [String]
        // The lead thread's: how many of this round's workers' `done` it took.
        private var collected = 0
        static var spinFor: Double { 0.005 }

        /// nil when a thread could not be made (the process is at its limit).
        init?(_ workers: [Worker<Input>]) {
            names = workers.map(\.name)
            turns = Mutex(Array(repeating: nil, count: workers.count))
            threads = Mutex(Array(repeating: nil, count: workers.count))
            go = workers.map { _ in DispatchSemaphore(value: 0) }
            last = Mutex(Array(repeating: 0, count: workers.count))
            // The first worker is the lead thread's own.
            for (index, worker) in workers.enumerated().dropFirst() {
                guard case let .success(thread) = PThread.start({ [self] in self.serve(index, worker) }) else {
                    dismiss()
                    return nil
                }
                pthread_detach(thread)
            }
        }

        /// Spins (yielding) until `ready`, for at most `spinFor`; whether it got there.
        private static func spin(until ready: () -> Bool) -> Bool {
            let clock = Stopwatch()
            while !ready() {
                for _ in 0..<32 {
                    sched_yield()
                    if ready() { return true }
                }
                if clock.seconds > spinFor { return false }
            }
            return true
        }

        private func serve(_ index: Int, _ worker: Worker<Input>) {
            threads.withLock { $0[index] = PThread.currentID }
            PThread.keepOnCPU(index)
            for next in 1... {
                // The signal precedes the store: once the spin saw the round, this wait takes no sleep.
                _ = Self.spin { round.load(ordering: .acquiring) >= next || dismissed.load(ordering: .acquiring) }
                go[index].wait()
                if dismissed.load(ordering: .acquiring) { return }
                play(index, worker, round: next)
            }
        }

        /// The lead thread is the first worker's.
        func seat() {
            threads.withLock { $0[0] = PThread.currentID }
            PThread.keepOnCPU(0)
        }

        /// One worker's turn in round `next`: the barrier (nobody starts
        /// before everybody is here), its body, recorded and timed.
        func play(_ index: Int, _ worker: Worker<Input>, round next: Int) {
            arrived.add(1, ordering: .acquiringAndReleasing)
            while arrived.load(ordering: .acquiring) < next * names.count { sched_yield() }
            var turn = turns.withLock { $0[index]! }
            let recorder = KernelCallRecorder()
            let clock = Stopwatch()
            KernelCallRecorder.recording(into: recorder) { worker.body(&turn) }
            turn.took = clock.seconds
            turn.calls = recorder.records
            let played = turn
            turns.withLock { $0[index] = played }
            last.withLock { $0[index] = next }
            // Signalled before it is counted, so the lead's wait after its spin never sleeps.
            done.signal()
            through.add(1, ordering: .acquiringAndReleasing)
        }

        func start(_ new: [RaceTurn<Input>]) {
            collected = 0
            turns.withLock { $0 = new }
            // A sleeping worker wakes on the signal alone; a spinning one sees the round after it.
            for semaphore in go.dropFirst() { semaphore.signal() }
            round.add(1, ordering: .acquiringAndReleasing)
        }

        /// Every turn, once all have finished within `seconds`; nil otherwise.
        func wait(seconds: Double) -> [RaceTurn<Input>]? {
            let target = round.load(ordering: .acquiring) * names.count
            _ = Self.spin { through.load(ordering: .acquiring) >= target }
            let deadline = DispatchTime.now() + seconds
            while collected < names.count {
                guard done.wait(timeout: deadline) == .success else { return nil }
                collected += 1
            }
            return turns.withLock { turns in turns.compactMap { $0 } }
        }

        /// The workers still in this round.
        func unfinished() -> [Int] {
            let current = round.load(ordering: .acquiring)
            return last.withLock { last in names.indices.filter { last[$0] < current } }
        }

        /// The kernel's id of a worker's thread, once it started.
        func thread(_ index: Int) -> Int32? { threads.withLock { $0[index] } }

        func dismiss() {
            dismissed.store(true, ordering: .releasing)
            for semaphore in go { semaphore.signal() }
        }
    }
}
