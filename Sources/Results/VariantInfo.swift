/// How one kernel variant was built on one kernel, so a reader of the
/// results can see what was actually tested, and what the tree or Kconfig
/// refused.
public struct VariantInfo: Codable, Sendable, Equatable {
    public var name: VariantName
    public var description: String
    /// The kernel release the variant was configured for (schema 2).
    public var kernel: String?
    /// The patch step it was built at (schema 3): a series can break one
    /// variant's build at one patch.
    public var patch: PatchStep?
    /// Whether it ran; absent in schema 1, where `dropped` alone said so.
    public var state: VariantState?
    /// Why it did not run: the feature the tree lacks, or the Kconfig
    /// dependency that removed a requested option.
    public var reason: String?
    /// The options asked for, as `CONFIG_X=value` lines.
    public var requested: [String]
    /// Requested options the resulting .config does not have, as
    /// `CONFIG_X: requested y, got n`. Non-empty means the variant was dropped.
    public var dropped: [String]
    /// What the tree does not define and how the variant did without it
    /// ("no CONFIG_VFIO_GROUP: groups are built with VFIO in this tree").
    public var notes: [String]
    /// The variant's lines that differ from the base fragment.
    public var configDifference: [String]

    public init(name: VariantName, description: String, kernel: String? = nil, patch: PatchStep? = nil, state: VariantState? = nil,
                reason: String? = nil, requested: [String] = [], dropped: [String] = [], notes: [String] = [],
                configDifference: [String] = []) {
        self.name = name
        self.description = description
        self.kernel = kernel
        self.patch = patch
        self.state = state
        self.reason = reason
        self.requested = requested
        self.dropped = dropped
        self.notes = notes
        self.configDifference = configDifference
    }

    /// The state, also for a schema 1 document.
    public var effectiveState: VariantState { state ?? (dropped.isEmpty ? .runs : .dropped) }

    /// "legacy on 6.1.192", or the name alone where the kernel is unknown;
    /// with "at patch 2 (vfio: ...)" when it was built with patches.
    public var label: String {
        let at = patch.flatMap { $0.index > 0 ? " at patch \($0.index) (\($0.subject))" : nil } ?? ""
        return (kernel.map { "\(name) on \($0)" } ?? name.rawValue) + at
    }

    /// One line for reports on a variant that did not run; nil when it ran.
    public var verdict: String? {
        switch effectiveState {
        case .runs: nil
        case .unavailable: "\(label): not available on this kernel: \(reason ?? "")"
        case .dropped: "\(label): dropped by Kconfig: \(reason ?? dropped.joined(separator: "; "))"
        case .buildFailed: "\(label): does not build: \(reason?.split(separator: "\n").first.map(String.init) ?? "")"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(VariantName.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        kernel = try container.decodeIfPresent(String.self, forKey: .kernel)
        patch = try container.decodeIfPresent(PatchStep.self, forKey: .patch)
        state = try container.decodeIfPresent(VariantState.self, forKey: .state)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        requested = try container.decodeIfPresent([String].self, forKey: .requested) ?? []
        dropped = try container.decodeIfPresent([String].self, forKey: .dropped) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        configDifference = try container.decodeIfPresent([String].self, forKey: .configDifference) ?? []
    }
}
