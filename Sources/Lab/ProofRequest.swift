import Results

/// A reproducer to run again after a lab run: the cell carrying it, proven
/// on its own kernel and, when named, against the same kernel's `against`
/// variant, where it must pass (a divergence's other variant). Without
/// one, only the showing is proven.
public struct ProofRequest: Sendable {
    public var cell: Cell
    public var against: VariantName?

    public init(cell: Cell, against: VariantName?) {
        self.cell = cell
        self.against = against
    }
}
