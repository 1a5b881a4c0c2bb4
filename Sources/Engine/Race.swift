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
/// (the caller's before and after the workers', each worker's on its
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

    /// Runs `workers` round after round. Before each round `prepare` (on the
    /// caller's thread) makes what the workers start from, or says why it
    /// could not, which ends the race. After each round `verdict` says what
    /// broke, if anything; the files the workers held are closed by
    /// `closing`, newest first, and `release` closes what `prepare` made. `faulted` is asked
    /// while a round is waited for: a kernel report means a worker may
    /// never come back.
    func run<Input: Sendable>(_ workers: [Worker<Input>],
                              prepare: (Int) -> Result<Input, RaceBreak>,
                              verdict: (Int, Input, [RaceTurn<Input>]) -> String? = { _, _, _ in nil },
                              release: (Input) -> Void = { _ in },
                              closing: (any VFIOFile) -> Void,
                              faulted: () -> Bool = { false }) -> RaceReport {
        var report = RaceReport(seed: seed, seconds: seconds, threads: workers.count, channels: workers.flatMap(\.answers))
        guard let crew = Crew(workers) else {
            report.noThreads = true
            return report
        }
        defer { crew.dismiss() }
        let clock = Stopwatch()
        var round = 0
        // The pauses' scale: how long the workers' calls took lately.
        var scale = 0.0
        while clock.seconds < seconds, round < (iterations ?? .max), report.broken == nil, !faulted() {
            round += 1
            let preparing = Stopwatch()
            let input: Input
            let before = KernelCallRecorder()
            switch KernelCallRecorder.recording(into: before, { prepare(round) }) {
            case let .success(made): input = made
            case let .failure(broken):
                report.iterations = round
                report.broken = report.broken ?? (round, broken.what)
                report.elapsed = clock.seconds
                return report
            }
            let turns = workers.indices.map { RaceTurn(input: input, round: round, jitter: Jitter(seed: seed, round: round, worker: $0, scale: scale)) }
            report.phases.prepare += preparing.seconds
            crew.start(turns)
            let start = Stopwatch()
            var finished: [RaceTurn<Input>]?
            var detectors = workers.map { _ in StuckThread(stillFor: stillFor) }
            var stuck: String?
            while finished == nil, start.seconds < roundTimeout, stuck == nil {
                finished = crew.wait(seconds: 0.25)
                if finished != nil { break }
                if faulted() { break }
                for index in crew.unfinished() {
                    let sample = crew.thread(index).flatMap(ThreadSample.read(thread:))
                    if let still = detectors[index].observe(sample, at: start.seconds) {
                        stuck = "\(workers[index].name): \(still.summary)"
                        break
                    }
                }
            }
            report.iterations = round
            guard let finished else {
                report.hung = (round, crew.unfinished().map { workers[$0].name }, stuck, start.seconds)
                report.elapsed = clock.seconds
                return report
            }
            for turn in finished {
                for (channel, answer) in turn.answers { report.count(channel, answer, round: round) }
            }
            let work = finished.map { $0.took - $0.paused }.max() ?? 0
            scale = scale == 0 ? work : 0.8 * scale + 0.2 * work
            report.phases.round += start.seconds
            report.phases.calls += work
            let checking = Stopwatch()
            // The verdict's reads are among the round's calls: a bare replay makes them too.
            let after = KernelCallRecorder()
            KernelCallRecorder.recording(into: after) {
                if let what = verdict(round, input, finished) {
                    let answers = zip(workers, finished).map { worker, turn in
                        "\(worker.name): " + (turn.answers.isEmpty ? "nothing" : turn.answers.map { "\($0.channel) \($0.answer)" }.joined(separator: ", "))
                    }
                    report.broken = (round, "\(what); the round's answers: \(answers.joined(separator: "; "))")
                }
                for turn in finished { for file in turn.held.reversed() { closing(file) } }
                release(input)
            }
            // A round where every call worked did all its steps (each bind has
            // its unbind): replayed, it leaves what it found, as one that
            // skipped them may not.
            let recorded = RecordedRound(before: before.records, workers: finished.map(\.calls), after: after.records, round: round)
            if !finished.contains(where: \.refused) { report.completeRound = recorded }
            report.lastRound = recorded
            report.keep(recorded, answers: finished.flatMap(\.answers))
            report.phases.check += checking.seconds
        }
        report.elapsed = clock.seconds
        return report
    }

    /// The worker threads, kept for the whole race so a round costs no
    /// thread creation, and released together at each round's barrier.
    /// Every hand-over (the round's start to the workers, their finish to
    /// the caller) spins on an atomic first and sleeps on a semaphore only
    /// when that takes longer than `spinFor`: a vCPU that halts in a sleep
    /// takes far longer to wake under TCG than the kernel calls of a round.
    private final class Crew<Input: Sendable>: @unchecked Sendable {
        // Each worker's turn: set by the caller before `go`, taken back after `done`.
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
        // The caller's: how many of this round's workers' `done` it took.
        private var collected = 0
        static var spinFor: Double { 0.005 }

        /// nil when a thread could not be made (the process is at its limit).
        init?(_ workers: [Worker<Input>]) {
            names = workers.map(\.name)
            turns = Mutex(Array(repeating: nil, count: workers.count))
            threads = Mutex(Array(repeating: nil, count: workers.count))
            go = workers.map { _ in DispatchSemaphore(value: 0) }
            last = Mutex(Array(repeating: 0, count: workers.count))
            for (index, worker) in workers.enumerated() {
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
            let id = PThread.currentID
            threads.withLock { $0[index] = id }
            for next in 1... {
                // The signal follows the store: once the spin saw the round, this wait is short.
                _ = Self.spin { round.load(ordering: .acquiring) >= next || dismissed.load(ordering: .acquiring) }
                go[index].wait()
                if dismissed.load(ordering: .acquiring) { return }
                // The barrier: nobody starts before everybody is here.
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
                through.add(1, ordering: .acquiringAndReleasing)
                done.signal()
            }
        }

        func start(_ new: [RaceTurn<Input>]) {
            collected = 0
            turns.withLock { $0 = new }
            round.add(1, ordering: .acquiringAndReleasing)
            for semaphore in go { semaphore.signal() }
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
