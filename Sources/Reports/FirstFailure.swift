import Results

/// The first patch step at which a scenario goes wrong, and its cells there.
struct FirstFailure {
    var scenario: String
    var step: PatchStep
    /// The series' length, for "patch 2/3".
    var count: Int
    var cells: [Cell]

    /// "group/taint: first fails at patch 2/3: vfio: subject (FAIL in legacy/noiommu ...)";
    /// a scenario failing on the base says so, since no patch made it.
    var line: String {
        let at = step.index == 0 ? "fails on the base tree already" : "first fails at \(step.label(of: count))"
        let places = cells.map { "\($0.outcome.rawValue.uppercased()) \(($0.kernel.map { "\($0)/" } ?? ""))\($0.key.variantLabel)/\($0.topology)" }
        return "\(scenario): \(at) (\(places.joined(separator: ", ")))"
    }

    /// Reports title the section the same way everywhere.
    static let title = "First failing patch"
}
