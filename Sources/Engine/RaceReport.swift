/// What a race saw: how far it got, what each channel answered (and first
/// when), the first round an invariant broke and whether a round hung.
struct RaceReport: Sendable {
    let seed: UInt64
    let seconds: Double
    let threads: Int
    /// What the workers answer on, each once, in the order they name them.
    let channels: [RaceChannel]
    var iterations = 0
    var elapsed: Double = 0
    /// Per channel, in the order they first answered, its answers in the
    /// order they first appeared: looked up by comparing names, the same
    /// few strings every round, never by hashing them.
    private(set) var answered: [(channel: String, seen: [Seen])] = []
    var broken: (round: Int, what: String)?
    /// The round that never finished: who was still in it, what the thread
    /// that was stuck showed (nil: the round outlived the timeout), and when.
    var hung: (round: Int, workers: [String], stuck: String?, seconds: Double)?
    /// Where the rounds' time went, summed over them: what a benchmark
    /// compares with a bare loop's.
    var phases = RacePhases()
    /// The worker threads could not be made: nothing raced.
    var noThreads = false
    /// The kernel calls of the last round that finished, and of the last
    /// one in which no worker's call failed.
    var lastRound: RecordedRound?
    var completeRound: RecordedRound?
    /// The round that first broke the verdict: what a reproducer of a break makes again.
    private(set) var brokenRound: RecordedRound?

    /// One answer on a channel: the round it first came in (and that round's
    /// calls, what a reproducer of it makes again) and how often it came.
    struct Seen: Sendable {
        let answer: String
        let first: Int
        var count: Int
        let round: RecordedRound
    }

    /// Counts the round's answers, keeping `round` as the first of any it is the first to give, and as the broken one.
    mutating func count(_ round: RecordedRound, answers: [(channel: String, answer: String)]) {
        for (channel, answer) in answers {
            // In place: a copy of a channel's list each round would be an allocation per answer.
            guard let index = answered.firstIndex(where: { $0.channel == channel }) else {
                answered.append((channel, [Seen(answer: answer, first: round.round, count: 1, round: round)]))
                continue
            }
            if let known = answered[index].seen.firstIndex(where: { $0.answer == answer }) {
                answered[index].seen[known].count += 1
            } else {
                answered[index].seen.append(Seen(answer: answer, first: round.round, count: 1, round: round))
            }
        }
        if broken?.round == round.round { brokenRound = round }
    }

    /// What `channel` answered, in the order the answers first appeared.
    func answers(_ channel: String) -> [Seen] { answered.first { $0.channel == channel }?.seen ?? [] }

    /// The recorded round in which `channel` first answered `answer`.
    func firstRound(_ channel: String, _ answer: String) -> RecordedRound? { answers(channel).first { $0.answer == answer }?.round }

    init(seed: UInt64, seconds: Double, threads: Int, channels: [RaceChannel]) {
        self.seed = seed
        self.seconds = seconds
        self.threads = threads
        var seen: Set<RaceChannel> = []
        self.channels = channels.filter { seen.insert($0).inserted }
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
        let seen = answers(channel)
        guard !seen.isEmpty else { return "none" }
        return seen.map { "\($0.answer) x\($0.count)" }.joined(separator: ", ")
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String((seconds * 10).rounded() / 10)
    }
}
