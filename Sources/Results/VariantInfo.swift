/// How one kernel variant was built, so a reader of the results can see what
/// was actually tested, and what Kconfig refused.
public struct VariantInfo: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    /// The options the fragment asked for, as `CONFIG_X=value` lines.
    public var requested: [String]
    /// Requested options the resulting .config does not have, as
    /// `CONFIG_X: requested y, got n`. Non-empty means the variant was dropped.
    public var dropped: [String]
    /// The variant's lines that differ from the base fragment.
    public var configDifference: [String]

    public init(name: String, description: String, requested: [String] = [],
                dropped: [String] = [], configDifference: [String] = []) {
        self.name = name
        self.description = description
        self.requested = requested
        self.dropped = dropped
        self.configDifference = configDifference
    }
}
