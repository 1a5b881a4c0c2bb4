import Probes
import Results

/// A kernel config variant, declared by what it wants of VFIO (group
/// interface, container flavour, noiommu, device cdev) in
/// Fixtures/variants/NAME.variant, plus any extra options it needs (the
/// checkers of `debug`). `plan(on:)` maps the wants onto the Kconfig
/// symbols a tree defines. The first comment line describes it.
public struct Variant: Sendable {
    public var name: VariantName
    public var description: String
    public var wants: FeatureWants
    /// `CONFIG_X=value` lines beyond the wants, taken where the tree defines them.
    public var extra: [(option: String, value: String)]
    /// base.config: the minimal guest every variant starts from.
    public var base: String
    /// The guest's vCPUs (`vcpus = 2`): the checkers see races only where
    /// two threads really run at once.
    public var vcpus = 1
    /// The scenarios it runs (`scenarios = race/*,toggle/*`), nil for all:
    /// a checker whose cost only some scenarios repay. The others are
    /// skipped on it, saying so.
    public var scenarios: [ScenarioPattern]?

    /// The variants CI runs by default. `debug` (KASAN, lockdep ...) and
    /// `kcsan` rebuild every object, so they run when asked for.
    public static let defaults: [VariantName] = ["legacy", "iommufd-compat", "no-container", "cdev-only", "no-noiommu", "cdev-noiommu"]
    /// What --depth adds: the checker variants, on SMP guests.
    public static let depth: [VariantName] = ["debug", "kcsan"]

    public static func available(in directory: String) -> [VariantName] {
        LabFile.list(directory).filter { $0.hasSuffix(".variant") }.map { VariantName(String($0.dropLast(".variant".count))) }
    }

    public static func load(_ names: [VariantName], from directory: String) throws(LabError) -> [Variant] {
        let known = available(in: directory)
        let base = try LabFile.read(directory + "/base.config")
        var variants: [Variant] = []
        for name in names {
            guard known.contains(name) else { throw .unknownVariant(name, known: known) }
            let path = directory + "/\(name).variant"
            variants.append(try parse(try LabFile.read(path), name: name, path: path, base: base))
        }
        return variants
    }

    /// `key = value` lines for the wants, `CONFIG_X=value` lines for extras,
    /// `#` comments; anything else is an error naming the file and line.
    static func parse(_ text: String, name: VariantName, path: String, base: String) throws(LabError) -> Variant {
        var description: String?
        var fields: [String: String] = [:]
        var extra: [(String, String)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if description == nil { description = String(line.drop { $0 == "#" || $0 == " " }) }
                continue
            }
            if line.hasPrefix("CONFIG_"), let equals = line.firstIndex(of: "=") {
                extra.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2 else { throw .badVariant("\(path):\(number + 1): want `key = value` or `CONFIG_X=value`, got `\(line)`") }
            fields[parts[0]] = parts[1]
        }
        var vcpus = 1
        if let text = fields.removeValue(forKey: "vcpus") {
            guard let count = Int(text), (1...8).contains(count) else { throw .badVariant("\(path): vcpus = \(text): want a number of vCPUs from 1 to 8") }
            vcpus = count
        }
        let scenarios = fields.removeValue(forKey: "scenarios").map { $0.split(separator: ",").map { ScenarioPattern(String($0).trimmingSpaces) } }
        if scenarios?.isEmpty == true { throw .badVariant("\(path): scenarios = : want scenario names or prefixes ending in '*', comma-separated") }
        let wants = try Self.wants(fields, path: path)
        return Variant(name: name, description: description ?? name.rawValue, wants: wants, extra: extra, base: base, vcpus: vcpus, scenarios: scenarios)
    }

    /// The `key = value` lines naming features, each key a feature's name.
    private static func wants(_ fields: [String: String], path: String) throws(LabError) -> FeatureWants {
        let keys = FeatureWants.named.map(\.rawValue)
        for key in fields.keys where !keys.contains(key) {
            throw .badVariant("\(path): unknown key `\(key)`; known: \(keys.joined(separator: ", "))")
        }
        func want(_ feature: Feature) throws(LabError) -> FeatureWants.Want {
            let key = feature.rawValue
            guard let text = fields[key] else { throw .badVariant("\(path): no `\(key) = ...` line (y, n or if-available)") }
            guard let value = FeatureWants.Want(rawValue: text) else { throw .badVariant("\(path): \(key) = \(text): want y, n or if-available") }
            return value
        }
        let group = try want(.group), noiommu = try want(.noiommu), cdev = try want(.cdev)
        guard let text = fields[Feature.container.rawValue] else { throw .badVariant("\(path): no `container = ...` line (vfio, iommufd or none)") }
        guard let container = ContainerFlavour(rawValue: text) else { throw .badVariant("\(path): container = \(text): want vfio, iommufd or none") }
        return FeatureWants(group: group, container: container, noiommu: noiommu, cdev: cdev)
    }

    /// Debug info for decoding crashes to file:line: DWARF as the toolchain
    /// defaults, reduced (line tables without type information, which
    /// decode_stacktrace.sh and faddr2line do not need). The debug variant
    /// carries the same lines in its file.
    public static let debugInfoOptions: [(option: String, value: String)] = [
        ("CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT", "y"), ("CONFIG_DEBUG_INFO_REDUCED", "y"),
    ]

    /// The variant built with debug info too (--debug-info, mutant runs);
    /// its name stays, so its cells are the same cells.
    public var withDebugInfo: Variant {
        var variant = self
        if !extra.contains(where: { $0.option.hasPrefix("CONFIG_DEBUG_INFO_DWARF") }) { variant.extra += Self.debugInfoOptions }
        return variant
    }

    /// What this variant becomes on `tree`: the options to configure and
    /// what was left out, or why it cannot exist there.
    public func plan(on tree: KconfigTree) -> VariantPlan {
        var options: [(option: String, value: String)] = []
        var notes: [String] = []
        for (option, value) in KernelConfig(text: base).options.sorted(by: { $0.key < $1.key }) {
            if tree.defines(option) { options.append((option, value)) } else { notes.append("base: this tree does not define \(option)") }
        }
        switch wants.options(defines: tree.defines) {
        case let .unavailable(reason):
            return VariantPlan(variant: self, options: [], notes: notes, unavailable: reason)
        case let .options(wanted, wantNotes):
            options += wanted
            notes += wantNotes
        }
        for (option, value) in extra {
            if tree.defines(option) { options.append((option, value)) } else { notes.append("this tree does not define \(option)") }
        }
        return VariantPlan(variant: self, options: Self.lastWins(options), notes: notes, unavailable: nil)
    }

    /// A later line for the same option wins, as in merge_config.
    private static func lastWins(_ options: [(option: String, value: String)]) -> [(option: String, value: String)] {
        var order: [String] = []
        var values: [String: String] = [:]
        for (option, value) in options {
            if values[option] == nil { order.append(option) }
            values[option] = value
        }
        return order.map { ($0, values[$0]!) }
    }
}
