/// A race's time by phase, summed over its rounds: making each round's
/// input, the round from its release to the last worker's finish (of which
/// `calls` is the longest worker's time in its calls, pauses left out), and
/// judging and closing what it left.
struct RacePhases: Sendable {
    var prepare = 0.0
    var round = 0.0
    var calls = 0.0
    var check = 0.0

    /// "prepare 3%, round 60% (calls 41%), check 30%" of `elapsed`.
    func description(of elapsed: Double) -> String {
        guard elapsed > 0 else { return "no time measured" }
        func share(_ part: Double) -> String { "\(Int((100 * part / elapsed).rounded()))%" }
        return "prepare \(share(prepare)), round \(share(round)) (calls \(share(calls))), check \(share(check))"
    }
}
