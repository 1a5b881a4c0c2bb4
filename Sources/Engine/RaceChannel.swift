/// What a race's workers answer on, named once: the workers answer on it
/// and the cell checks every answer it gave as one step against its row.
struct RaceChannel: Hashable, Sendable {
    let name: String

    init(_ name: String) { self.name = name }

    /// The step its answers are checked as.
    var step: String { "answers to \(name)" }
}
