/// What one mutant came to on one variant: the cells that caught it.
public struct MutantVerdict: Sendable, Equatable {
    public var mutant: String
    public var defect: String
    public var variant: VariantName
    /// Cells that failed, crashed or hung on the mutant kernel, in the
    /// order given (a mutant run's: the order they ran, the first the kill's).
    public var killers: [Cell]
    /// Cells that errored: a harness fault, which never counts as a kill.
    public var errors: [Cell]
    /// The mutant's header says this variant cannot see it (`Survives:`):
    /// only the checker tier can.
    public var expectedToSurvive: Bool

    public init(mutant: String, defect: String, variant: VariantName, cells: [Cell], expectedToSurvive: Bool = false) {
        self.mutant = mutant
        self.defect = defect
        self.variant = variant
        killers = cells.filter(\.outcome.isKernelFault)
        errors = cells.filter { $0.outcome == .error }
        self.expectedToSurvive = expectedToSurvive
    }

    public var survived: Bool { killers.isEmpty }

    /// Killed where it must be caught, survived where it must survive. A
    /// survival counts only if cells ran: one whose cells all errored proves
    /// nothing either way.
    public var asExpected: Bool { expectedToSurvive ? survived && errors.isEmpty : !survived }
}
