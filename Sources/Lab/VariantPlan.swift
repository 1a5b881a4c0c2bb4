import Probes
import Results

/// A variant mapped onto one tree: the fragment to configure and what the
/// resulting .config must honour, or why the variant cannot exist there.
public struct VariantPlan: Sendable {
    public var variant: Variant
    /// Every option asked for, base first, the variant's own overriding.
    public var options: [(option: String, value: String)]
    /// What the tree lacks and how the variant did without it.
    public var notes: [String]
    /// Set when the tree lacks a feature the variant is about.
    public var unavailable: String?

    /// The KCONFIG_ALLCONFIG fragment. KernelConfig reads strings without
    /// their quotes; Kconfig needs them back.
    public var fragment: String {
        options.map { "\($0.option)=\(Self.written($0.value))" }.joined(separator: "\n") + "\n"
    }

    static func written(_ value: String) -> String {
        let isNumber = Int(value) != nil || (value.hasPrefix("0x") && Int(value.dropFirst(2), radix: 16) != nil)
        if ["y", "m", "n"].contains(value) || isNumber { return value }
        return "\"" + value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    /// Requested options the resulting .config does not honour.
    public func dropped(by config: KernelConfig) -> [String] {
        options.compactMap { option, value in
            let got = config.value(option) ?? "n"
            return got == value ? nil : "\(option): requested \(value), got \(got)"
        }
    }

    /// The dependency (or select) behind each dropped option, from the tree's Kconfig.
    public func reasons(droppedBy config: KernelConfig, tree: KconfigTree) -> [String] {
        options.compactMap { option, value in
            let got = config.value(option) ?? "n"
            return got == value ? nil : tree.explain(option, requested: value, in: config.options)
        }
    }

    public func info(kernel: String, state: VariantState, reason: String? = nil, dropped: [String] = []) -> VariantInfo {
        let own = Set(variant.extra.map(\.option))
        let baseOptions = Set(KernelConfig(text: variant.base).options.keys)
        return VariantInfo(name: variant.name, description: variant.description, kernel: kernel, state: state,
                           reason: reason ?? unavailable, requested: options.map { "\($0.option)=\($0.value)" },
                           dropped: dropped, notes: notes,
                           configDifference: options.filter { !baseOptions.contains($0.option) || own.contains($0.option) }
                               .map { "\($0.option)=\($0.value)" })
    }
}
