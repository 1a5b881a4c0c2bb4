/// What a result document was run against.
public struct RunInfo: Codable, Sendable, Equatable {
    /// The kernel source: a path or a package name and its version; with
    /// several kernels, each one's, joined by "; ".
    public var source: String?
    /// Every kernel of the run, in the order asked for (schema 2).
    public var kernels: [KernelInfo]
    /// Patch files applied on top, in order.
    public var patches: [String]
    /// The states of the series the cells ran on, in order (schema 3): the
    /// base and every patch with --each-patch, else the whole series alone.
    public var steps: [PatchStep]
    public var variants: [VariantInfo]
    public var topologies: [Topology]
    public var started: String?
    public var tool: String

    public init(source: String? = nil, kernels: [KernelInfo] = [], patches: [String] = [], steps: [PatchStep] = [], variants: [VariantInfo] = [],
                topologies: [Topology] = [], started: String? = nil, tool: String = "vfio-conformance") {
        self.source = source
        self.kernels = kernels
        self.patches = patches
        self.steps = steps
        self.variants = variants
        self.topologies = topologies
        self.started = started
        self.tool = tool
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        kernels = try container.decodeIfPresent([KernelInfo].self, forKey: .kernels) ?? []
        patches = try container.decodeIfPresent([String].self, forKey: .patches) ?? []
        steps = try container.decodeIfPresent([PatchStep].self, forKey: .steps) ?? []
        variants = try container.decodeIfPresent([VariantInfo].self, forKey: .variants) ?? []
        topologies = try container.decodeIfPresent([Topology].self, forKey: .topologies) ?? []
        started = try container.decodeIfPresent(String.self, forKey: .started)
        tool = try container.decodeIfPresent(String.self, forKey: .tool) ?? "vfio-conformance"
    }
}
