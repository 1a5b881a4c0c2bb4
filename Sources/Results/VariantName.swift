/// The name of a kernel config variant (Fixtures/variants/NAME.variant),
/// as cells, keys, runs and the guest's command line carry it: its own type,
/// so a variant cannot be passed where a kernel, scenario or mutant is meant.
/// On the wire it is the plain name, as when it was a string.
public struct VariantName: Hashable, Sendable, Comparable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral rawValue: String) { self.init(rawValue) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: VariantName, b: VariantName) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    /// How keys and reports name the variant of a mutant's kernel
    /// (`vfio-conformance mutants`): "03-group-leak:legacy", the mutant first.
    public func label(mutant: String?) -> String { mutant.map { "\($0):\(rawValue)" } ?? rawValue }
}
