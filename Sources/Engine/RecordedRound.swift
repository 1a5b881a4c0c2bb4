import Host
import SystemPackage

/// One race round's kernel calls: the caller's before the workers were
/// released (the round's preparation), each worker's, and the caller's
/// after (the verdict's reads of the state the round left, closing what
/// the workers held, releasing the preparation).
struct RecordedRound: Sendable, Equatable {
    var before: [KernelCall]
    var workers: [[KernelCall]]
    var after: [KernelCall]

    /// Makes the round again from C, round after round, for `seconds`.
    func replay(seconds: Double) throws(Errno) -> KernelCallReplay.Rounds {
        try KernelCallReplay.rounds(before: before, workers: workers, after: after, seconds: seconds)
    }
}
