/// One column of the result matrix: a kernel variant booted in one topology.
struct MatrixColumn: Hashable {
    var variant: String
    var topology: String

    var name: String { "\(variant)/\(topology)" }
}
