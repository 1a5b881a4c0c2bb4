import Dispatch
import Glibc
import Host
import Probes
import Synchronization

/// Two or more workers on threads of their own, doing their operations at
/// the same time, round after round, for at most `seconds`. Every round
/// starts with the workers released together from a barrier; each then
/// pauses for a while its seeded jitter chooses (nothing, a few yields, a
/// spin, a short sleep) before each operation, so the same seed gives the
/// same pauses in the same rounds and a run can be repeated. What the
/// workers answered is kept per channel (the operation's name) with the
/// first round each answer appeared in, and a round's verdict (an invariant
/// over all the workers' answers) names the first round that broke it.
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

    /// One worker: its name, and what it does in a round.
    struct Worker<Input: Sendable>: Sendable {
        let name: String
        let body: @Sendable (inout RaceTurn<Input>) -> Void

        init(_ name: String, _ body: @escaping @Sendable (inout RaceTurn<Input>) -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `workers` round after round. Before each round `prepare` (on the
    /// caller's thread) makes what the workers start from, or says why it
    /// could not, which ends the race. After each round `verdict` says what
    /// broke, if anything; the files the workers held are closed, newest
    /// first, and `release` closes what `prepare` made. `faulted` is asked
    /// while a round is waited for: a kernel report means a worker may
    /// never come back.
    func run<Input: Sendable>(_ workers: [Worker<Input>],
                              prepare: (Int) -> Result<Input, RaceBreak>,
                              verdict: (Int, Input, [RaceTurn<Input>]) -> String? = { _, _, _ in nil },
                              release: (Input) -> Void = { _ in },
                              faulted: () -> Bool = { false }) -> RaceReport {
        var report = RaceReport(seed: seed, seconds: seconds, threads: workers.count)
        guard let crew = Crew(workers) else {
            report.noThreads = true
            return report
        }
        defer { crew.dismiss() }
        let clock = Stopwatch()
        var round = 0
        while clock.seconds < seconds, round < (iterations ?? .max), !faulted() {
            round += 1
            let input: Input
            switch prepare(round) {
            case let .success(made): input = made
            case let .failure(broken):
                report.iterations = round
                report.broken = report.broken ?? (round, broken.what)
                report.elapsed = clock.seconds
                return report
            }
            let turns = workers.indices.map { RaceTurn(input: input, round: round, jitter: Jitter(seed: seed, round: round, worker: $0)) }
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
            if report.broken == nil, let what = verdict(round, input, finished) { report.broken = (round, what) }
            for turn in finished { for file in turn.held.reversed() { try? file.close() } }
            release(input)
        }
        report.elapsed = clock.seconds
        return report
    }

    /// The worker threads, kept for the whole race so a round costs no
    /// thread creation, and released together at each round's barrier.
    private final class Crew<Input: Sendable>: @unchecked Sendable {
        // Each worker's turn: set by the caller before `go`, taken back after `done`.
        private let turns: Mutex<[RaceTurn<Input>?]>
        private let finished: Mutex<[Bool]>
        private let threads: Mutex<[Int32?]>
        private let go: [DispatchSemaphore]
        private let done = DispatchSemaphore(value: 0)
        private let arrived = Atomic<Int>(0)
        private let dismissed = Atomic<Bool>(false)
        private let names: [String]
        // The caller's: how many of this round's workers have signalled `done`.
        private var collected = 0

        /// nil when a thread could not be made (the process is at its limit).
        init?(_ workers: [Worker<Input>]) {
            names = workers.map(\.name)
            turns = Mutex(Array(repeating: nil, count: workers.count))
            finished = Mutex(Array(repeating: true, count: workers.count))
            threads = Mutex(Array(repeating: nil, count: workers.count))
            go = workers.map { _ in DispatchSemaphore(value: 0) }
            for (index, worker) in workers.enumerated() {
                guard case let .success(thread) = PThread.start({ [self] in self.serve(index, worker) }) else {
                    dismiss()
                    return nil
                }
                pthread_detach(thread)
            }
        }

        private func serve(_ index: Int, _ worker: Worker<Input>) {
            var target = 0
            let id = PThread.currentID
            threads.withLock { $0[index] = id }
            while true {
                go[index].wait()
                if dismissed.load(ordering: .acquiring) { return }
                target += names.count
                // The barrier: nobody starts before everybody is here.
                arrived.add(1, ordering: .acquiringAndReleasing)
                while arrived.load(ordering: .acquiring) < target { sched_yield() }
                var turn = turns.withLock { $0[index]! }
                worker.body(&turn)
                let played = turn
                turns.withLock { $0[index] = played }
                finished.withLock { $0[index] = true }
                done.signal()
            }
        }

        func start(_ new: [RaceTurn<Input>]) {
            collected = 0
            turns.withLock { $0 = new }
            finished.withLock { $0 = Array(repeating: false, count: new.count) }
            for semaphore in go { semaphore.signal() }
        }

        /// Every turn, once all have finished within `seconds`; nil otherwise.
        func wait(seconds: Double) -> [RaceTurn<Input>]? {
            let deadline = DispatchTime.now() + seconds
            while collected < names.count {
                guard done.wait(timeout: deadline) == .success else { return nil }
                collected += 1
            }
            return turns.withLock { turns in turns.compactMap { $0 } }
        }

        /// The workers still in this round.
        func unfinished() -> [Int] {
            finished.withLock { done in names.indices.filter { !done[$0] } }
        }

        /// The kernel's id of a worker's thread, once it started.
        func thread(_ index: Int) -> Int32? { threads.withLock { $0[index] } }

        func dismiss() {
            dismissed.store(true, ordering: .releasing)
            for semaphore in go { semaphore.signal() }
        }
    }
}

/// Why a race could not go on: the set-up of a round failed.
struct RaceBreak: Error {
    let what: String
    init(_ what: String) { self.what = what }
}

/// One worker's part in one round: what it starts from, the pauses its
/// jitter gives it, what it answered and the files it keeps until the round ends.
struct RaceTurn<Input: Sendable>: Sendable {
    let input: Input
    let round: Int
    var jitter: Jitter
    private(set) var answers: [(channel: String, answer: String)] = []
    private(set) var held: [any VFIOFile] = []

    init(input: Input, round: Int, jitter: Jitter) {
        self.input = input
        self.round = round
        self.jitter = jitter
    }

    /// Waits as long as the jitter says: call before each operation.
    mutating func pause() { jitter.next().perform() }

    /// A fair coin from the same seeded sequence.
    mutating func coin() -> Bool { jitter.bit() }

    mutating func answer(_ channel: String, _ value: String) { answers.append((channel, value)) }

    /// Pauses, runs `body`, records what it answered; true when "ok".
    @discardableResult
    mutating func call(_ channel: String, _ body: () throws -> Void) -> Bool {
        pause()
        let observed = Observation.answer(body)
        answer(channel, observed)
        return observed == Observation.ok
    }

    /// Pauses, opens a group, records the answer and keeps the file until the round ends.
    mutating func open(_ channel: String, _ body: () throws -> any GroupFile) -> (any GroupFile)? { opened(channel, body) { $0 } }

    /// Pauses, opens a device fd, records the answer and keeps the file until the round ends.
    mutating func open(_ channel: String, _ body: () throws -> any DeviceFile) -> (any DeviceFile)? { opened(channel, body) { $0 } }

    private mutating func opened<File>(_ channel: String, _ body: () throws -> File, _ file: (File) -> any VFIOFile) -> File? {
        pause()
        do {
            let opened = try body()
            answer(channel, Observation.ok)
            held.append(file(opened))
            return opened
        } catch {
            answer(channel, Observation.of(error))
            return nil
        }
    }

    /// What `channel` answered in this turn, if it was called.
    func answered(_ channel: String) -> String? { answers.last { $0.channel == channel }?.answer }
}

/// The pauses of one worker in one round, from a generator seeded with the
/// race's seed, the round and the worker: the same whatever the threads did.
struct Jitter: Sendable {
    private var generator: SplitMix64

    init(seed: UInt64, round: Int, worker: Int) {
        var mix = SplitMix64(seed: seed)
        let base = mix.next()
        generator = SplitMix64(seed: base ^ (UInt64(truncatingIfNeeded: round) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: worker) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    enum Pause: Equatable, Sendable {
        case none
        case yield(Int)
        case spin(Int)
        case sleep(microseconds: Int)

        func perform() {
            switch self {
            case .none: break
            case let .yield(times): for _ in 0..<times { sched_yield() }
            case let .spin(turns):
                var sink = 0
                for turn in 0..<turns { sink &+= turn }
                withExtendedLifetime(sink) {}
            case let .sleep(microseconds): usleep(useconds_t(microseconds))
            }
        }
    }

    mutating func next() -> Pause {
        let word = generator.next()
        let amount = Int((word >> 8) % 1000)
        switch word % 4 {
        case 0: return .none
        case 1: return .yield(1 + amount % 3)
        case 2: return .spin(amount * 20)
        default: return .sleep(microseconds: 1 + amount % 200)
        }
    }

    mutating func bit() -> Bool { generator.next() & 1 == 1 }
}

/// Steele, Lea and Flood's SplitMix64: small, fast, and the same on every machine.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a race saw: how far it got, what each channel answered (and first
/// when), the first round an invariant broke and whether a round hung.
struct RaceReport: Sendable {
    let seed: UInt64
    let seconds: Double
    let threads: Int
    var iterations = 0
    var elapsed: Double = 0
    /// channel -> answers in the order they first appeared.
    private(set) var answers: [String: [(answer: String, first: Int, count: Int)]] = [:]
    var broken: (round: Int, what: String)?
    /// The round that never finished: who was still in it, what the thread
    /// that was stuck showed (nil: the round outlived the timeout), and when.
    var hung: (round: Int, workers: [String], stuck: String?, seconds: Double)?
    /// The worker threads could not be made: nothing raced.
    var noThreads = false

    init(seed: UInt64, seconds: Double, threads: Int) {
        self.seed = seed
        self.seconds = seconds
        self.threads = threads
    }

    mutating func count(_ channel: String, _ answer: String, round: Int) {
        var seen = answers[channel] ?? []
        if let index = seen.firstIndex(where: { $0.answer == answer }) { seen[index].count += 1 } else { seen.append((answer, round, 1)) }
        answers[channel] = seen
    }

    /// "broke at iteration 37 of 412 (seed 12345, 3 s): open group answered EIO".
    func brokeAt(_ round: Int, _ what: String) -> String {
        "broke at iteration \(round) of \(iterations) (seed \(seed), \(Self.format(seconds)) s): \(what)"
    }

    /// The verdict's step: "yes", or where it broke first.
    var verdict: String { broken.map { brokeAt($0.round, $0.what) } ?? "yes" }

    /// What the run was, to repeat it: iterations, time, threads, seed.
    var summary: String {
        "\(iterations) iterations in \(Self.format(elapsed)) s of \(Self.format(seconds)) s, \(threads) threads, seed \(seed)"
    }

    /// The channel's answers with counts, "ok x200, EBUSY x199"; "none" if never called.
    func tally(_ channel: String) -> String {
        guard let seen = answers[channel], !seen.isEmpty else { return "none" }
        return seen.map { "\($0.answer) x\($0.count)" }.joined(separator: ", ")
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String((seconds * 10).rounded() / 10)
    }
}
