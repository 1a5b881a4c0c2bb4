/// What a reproducer of a race needs: the cell's calls before the race
/// (`at` of them), the recorded round whose answers showed the finding, and
/// the seed and rounds of the race that found it.
struct RaceFinding: Sendable {
    var at: Int
    var round: RecordedRound
    var seed: UInt64
    var iterations: Int
}
