import Results

/// A cell present in both a baseline and a new result, with its outcome in each.
public struct OutcomeChange: Sendable, Equatable {
    public var key: CellKey
    public var before: Outcome
    public var after: Outcome

    public init(key: CellKey, before: Outcome, after: Outcome) {
        self.key = key
        self.before = before
        self.after = after
    }
}
