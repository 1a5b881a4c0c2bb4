import Host
import Results
import SystemPackage

/// One race round's kernel calls: the lead thread's before the workers were
/// released (the round's preparation), each worker's, and the lead's
/// after (the verdict's reads of the state the round left, closing what
/// the workers held, releasing the preparation).
/// Each call keeps its answer: a reproducer knows the round again by them.
struct RecordedRound: Sendable, Equatable {
    var before: [KernelCallRecord]
    var workers: [[KernelCallRecord]]
    var after: [KernelCallRecord]
    /// Which round of the race it was.
    var round: Int

    /// Makes the round again from C, round after round, for `seconds`.
    func replay(seconds: Double) throws(Errno) -> KernelCallReplay.Rounds {
        try KernelCallReplay.rounds(before: before.map(\.call), workers: workers.map { $0.map(\.call) }, after: after.map(\.call), seconds: seconds)
    }
}
