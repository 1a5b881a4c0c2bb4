import Host
import Results

/// One worker's part in one round: what it starts from, the pauses its
/// jitter gives it, what it answered and the files it keeps until the round ends.
struct RaceTurn<Input: Sendable>: Sendable {
    let input: Input
    let round: Int
    var jitter: Jitter
    private(set) var answers: [(channel: String, answer: String)] = []
    private(set) var held: [any VFIOFile] = []
    /// The kernel calls the worker made in this turn, in order, with their answers.
    var calls: [KernelCallRecord] = []
    /// A call or open of this turn failed: what it left undone (the unbind
    /// after a refused bind) is missing from its calls.
    private(set) var refused = false

    init(input: Input, round: Int, jitter: Jitter) {
        self.input = input
        self.round = round
        self.jitter = jitter
    }

    /// The seconds the turn took, pauses included.
    var took: Double = 0
    /// The seconds its pauses took, so the turn's own time can be told from them.
    private(set) var paused: Double = 0

    /// Waits as long as the jitter says: call before each operation.
    mutating func pause() {
        let clock = Stopwatch()
        jitter.next().perform(scale: jitter.scale)
        paused += clock.seconds
    }

    /// A fair coin from the same seeded sequence.
    mutating func coin() -> Bool { jitter.bit() }

    mutating func answer(_ channel: RaceChannel, _ value: String) { answers.append((channel.name, value)) }

    /// Pauses, runs `body`, records what it answered; true when "ok".
    @discardableResult
    mutating func call(_ channel: RaceChannel, _ body: () throws -> Void) -> Bool {
        pause()
        let observed = Observation.answer(body)
        answer(channel, observed)
        refused = refused || observed != Observation.ok
        return observed == Observation.ok
    }

    /// Pauses, closes `file` through `kernel` and records the answer: the
    /// round no longer closes it at its end, where its descriptor may by
    /// then be another file's.
    @discardableResult
    mutating func close(_ channel: RaceChannel, _ file: any VFIOFile, in kernel: CellKernel) -> Bool {
        held.removeAll { $0.fd == file.fd }
        return call(channel) { try kernel.close(file) }
    }

    /// Pauses, opens a group, records the answer and keeps the file until the round ends.
    mutating func open(_ channel: RaceChannel, _ body: () throws -> any GroupFile) -> (any GroupFile)? { opened(channel, body) { $0 } }

    /// Pauses, opens a device fd, records the answer and keeps the file until the round ends.
    mutating func open(_ channel: RaceChannel, _ body: () throws -> any DeviceFile) -> (any DeviceFile)? { opened(channel, body) { $0 } }

    private mutating func opened<File>(_ channel: RaceChannel, _ body: () throws -> File, _ file: (File) -> any VFIOFile) -> File? {
        pause()
        do {
            let opened = try body()
            answer(channel, Observation.ok)
            held.append(file(opened))
            return opened
        } catch {
            answer(channel, Observation.of(error))
            refused = true
            return nil
        }
    }

    /// What `channel` answered in this turn, if it was called.
    func answered(_ channel: RaceChannel) -> String? { answers.last { $0.channel == channel.name }?.answer }
}
