/// One column of the result matrix: a kernel variant booted in one topology,
/// on one kernel.
struct MatrixColumn: Hashable {
    var kernel: String
    var variant: String
    var topology: String

    var name: String { (kernel.isEmpty ? "" : "\(kernel)/") + "\(variant)/\(topology)" }
}
