import Results

/// What stops the lab, each naming the file, option or tool involved and what to do.
public enum LabError: Error, CustomStringConvertible, Equatable {
    case noSource(String)
    case patch(file: String, output: String)
    case badPatches(String)
    case badVariant(String)
    case unknownVariant(VariantName, known: [VariantName])
    case badShard(String)
    case build(variant: String, log: String)
    case tool(String)
    case guest(String)
    /// SIGINT or SIGTERM: the children were stopped and the tree restored.
    case interrupted

    public var description: String {
        switch self {
        case let .noSource(reason): reason
        case let .patch(file, output):
            "patch \(file) does not apply (the tree was left clean):\n\(output)"
        case let .badPatches(reason): reason
        case let .badVariant(reason): reason
        case let .unknownVariant(name, known):
            "--variants: unknown variant `\(name)`; known: \(known.map(\.rawValue).joined(separator: ", ")) (fragments in Fixtures/variants)"
        case let .badShard(text):
            "--shard \(text): want i/n with 1 <= i <= n, e.g. --shard 2/3"
        case let .build(variant, log):
            "kernel build for variant \(variant) failed; see \(log)"
        case let .tool(reason): reason
        case let .guest(reason): reason
        case .interrupted: "interrupted: children stopped, patches reverted"
        }
    }
}
