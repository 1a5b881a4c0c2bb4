import Probes
import Results

/// A kernel config variant: the base fragment plus its own, from
/// Fixtures/variants/NAME.config. The first comment line describes it.
public struct Variant: Sendable {
    public var name: String
    public var description: String
    public var fragment: String
    public var base: String

    /// The variants CI runs by default. `debug` rebuilds every object with
    /// KASAN and lockdep, so it runs when asked for (--variants debug).
    public static let defaults = ["legacy", "iommufd-compat", "no-container", "cdev-only", "no-noiommu"]

    public static func available(in directory: String) -> [String] {
        LabFile.list(directory).filter { $0.hasSuffix(".config") && $0 != "base.config" }.map { String($0.dropLast(7)) }
    }

    public static func load(_ names: [String], from directory: String) throws(LabError) -> [Variant] {
        let known = available(in: directory)
        let base = try LabFile.read(directory + "/base.config")
        var variants: [Variant] = []
        for name in names {
            guard known.contains(name) else { throw .unknownVariant(name, known: known) }
            let fragment = try LabFile.read(directory + "/\(name).config")
            let description = fragment.split(separator: "\n").first { $0.hasPrefix("#") }
                .map { String($0.drop { $0 == "#" || $0 == " " }) } ?? name
            variants.append(Variant(name: name, description: description, fragment: fragment, base: base))
        }
        return variants
    }

    /// Base then variant: a later line for the same option wins, as in merge_config.
    public var combined: String { base + "\n" + fragment }

    /// The options asked for, the variant's own overriding the base's.
    public var requested: [(option: String, value: String)] {
        var order: [String] = []
        var values: [String: String] = [:]
        for (option, value) in KernelConfig(text: base).options.sorted(by: { $0.key < $1.key })
            + KernelConfig(text: fragment).options.sorted(by: { $0.key < $1.key }) {
            if values[option] == nil { order.append(option) }
            values[option] = value
        }
        return order.map { ($0, values[$0]!) }
    }

    /// Requested options the resulting .config does not honour.
    public func dropped(by config: KernelConfig) -> [String] {
        requested.compactMap { option, value in
            let got = config.value(option) ?? "n"
            return got == value ? nil : "\(option): requested \(value), got \(got)"
        }
    }

    public func info(dropped: [String]) -> VariantInfo {
        VariantInfo(name: name, description: description,
                    requested: requested.map { "\($0.option)=\($0.value)" }, dropped: dropped,
                    configDifference: KernelConfig(text: fragment).options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
    }
}
