import Results

/// A step of one cell that observed something else in the new run: an
/// errno, CHECK_EXTENSION 0 to 1, a node appearing. Steps that repeat (a
/// loop's rounds) are matched by their turn, so `round` counts from 1.
public struct StepChange: Sendable, Equatable {
    public var key: CellKey
    public var step: String
    public var round: Int
    /// nil: the step did not run in that document.
    public var before: String?
    public var after: String?

    public init(key: CellKey, step: String, round: Int = 1, before: String?, after: String?) {
        self.key = key
        self.step = step
        self.round = round
        self.before = before
        self.after = after
    }

    /// Every step of `new` whose observation differs from `old`'s, in the
    /// order the steps ran, then the steps only `old` ran.
    static func changes(from old: Cell, to new: Cell) -> [StepChange] {
        let before = rounds(old.evidence.steps.filter(\.comparable)), after = rounds(new.evidence.steps.filter(\.comparable))
        let observed = Dictionary(before.map { ($0.id, $0.observed) }, uniquingKeysWith: { first, _ in first })
        let ran = Set(after.map(\.id))
        let changed = after.compactMap { step in
            observed[step.id] == step.observed ? nil
                : StepChange(key: new.key, step: step.id.name, round: step.id.round, before: observed[step.id], after: step.observed)
        }
        let dropped = before.filter { !ran.contains($0.id) }.map {
            StepChange(key: new.key, step: $0.id.name, round: $0.id.round, before: $0.observed, after: nil)
        }
        return changed + dropped
    }

    private struct StepID: Hashable { var name: String; var round: Int }

    private static func rounds(_ steps: [StepRecord]) -> [(id: StepID, observed: String)] {
        var seen: [String: Int] = [:]
        return steps.map { step in
            seen[step.name, default: 0] += 1
            return (StepID(name: step.name, round: seen[step.name]!), step.observed)
        }
    }

    /// `key: step: before -> after`, "did not run" for a missing side.
    public var line: String {
        let turn = round > 1 ? " (round \(round))" : ""
        return "\(key): \(step)\(turn): \(before ?? "did not run") -> \(after ?? "did not run")"
    }
}
