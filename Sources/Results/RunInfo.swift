/// What a result document was run against.
public struct RunInfo: Codable, Sendable, Equatable {
    /// The kernel source: a path or a package name and its version.
    public var source: String?
    /// Patch files applied on top, in order.
    public var patches: [String]
    public var variants: [VariantInfo]
    public var topologies: [String]
    public var started: String?
    public var tool: String

    public init(source: String? = nil, patches: [String] = [], variants: [VariantInfo] = [],
                topologies: [String] = [], started: String? = nil, tool: String = "vfio-conformance") {
        self.source = source
        self.patches = patches
        self.variants = variants
        self.topologies = topologies
        self.started = started
        self.tool = tool
    }
}
