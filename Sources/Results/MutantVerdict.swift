/// What one mutant came to on one variant: the cells that caught it.
public struct MutantVerdict: Sendable, Equatable {
    public var mutant: String
    public var defect: String
    public var variant: String
    /// Cells that failed, crashed or hung on the mutant kernel.
    public var killers: [Cell]
    /// Cells that errored: a harness fault, which never counts as a kill.
    public var errors: [Cell]

    public init(mutant: String, defect: String, variant: String, cells: [Cell]) {
        self.mutant = mutant
        self.defect = defect
        self.variant = variant
        killers = cells.filter { [.fail, .crash, .hang].contains($0.outcome) }
        errors = cells.filter { $0.outcome == .error }
    }

    public var survived: Bool { killers.isEmpty }
}
