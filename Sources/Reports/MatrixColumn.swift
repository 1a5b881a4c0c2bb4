import Results

/// One column of the result matrix: a kernel variant booted in one topology,
/// on one kernel, and with --each-patch at one step of the series.
struct MatrixColumn: Hashable {
    var kernel: String
    var variant: VariantName
    /// The mutant its kernel carried (`Cell.mutant`): a column of its own.
    var mutant: String?
    var topology: Topology
    /// Set only in a document of several patch steps.
    var patch: PatchStep?

    var name: String {
        (patch.map { "patch \($0.index)/" } ?? "") + (kernel.isEmpty ? "" : "\(kernel)/") + "\(variantLabel)/\(topology)"
    }

    var variantLabel: String { variant.label(mutant: mutant) }
}
