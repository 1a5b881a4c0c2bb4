/// A failing cell's kernel calls as a program that runs without the harness
/// (`vfio-conformance repro`): one C file on libc and the uapi headers, and
/// the shell prelude for what belongs outside it.
public struct Reproducer: Codable, Sendable, Equatable {
    /// The C source.
    public var program: String
    /// The shell run before it: the module stack the cell started from.
    public var prelude: String
    /// How many kernel calls it makes.
    public var calls: Int
    /// Whether it was run again and showed the finding; nil: not yet proven.
    public var proof: String?

    public init(program: String, prelude: String, calls: Int, proof: String? = nil) {
        self.program = program
        self.prelude = prelude
        self.calls = calls
        self.proof = proof
    }
}
