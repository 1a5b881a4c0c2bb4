/// Which scenarios of the catalog a guest should run, as a hex bitmap over
/// the catalog's order. It fits on a kernel command line however gappy a
/// resumed run is, where a list of names would not (2048 bytes on x86).
/// It starts with a fingerprint of the catalog, so a guest binary built from
/// other sources than the host's refuses the plan instead of misreading it.
public struct ScenarioPlan: Equatable, Sendable {
    public var selected: [Bool]
    public var fingerprint: String

    public init(catalog: [String], running names: Set<String>) {
        selected = catalog.map(names.contains)
        fingerprint = Self.fingerprint(of: catalog)
    }

    /// FNV-1a over the names, 8 hex digits.
    public static func fingerprint(of catalog: [String]) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in catalog.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// `fingerprint-bitmap`; four scenarios a hex digit, the first scenario in
    /// the lowest bit of the first digit.
    public var encoded: String {
        fingerprint + "-" + bitmap
    }

    private var bitmap: String {
        stride(from: 0, to: selected.count, by: 4).map { start in
            let value = (0..<4).reduce(0) { bits, offset in
                start + offset < selected.count && selected[start + offset] ? bits | 1 << offset : bits
            }
            return String(value, radix: 16)
        }.joined()
    }

    /// Nil when the text is not a plan for exactly this catalog.
    public init?(encoded: String, catalog: [String]) {
        let parts = encoded.split(separator: "-")
        guard parts.count == 2, String(parts[0]) == Self.fingerprint(of: catalog) else { return nil }
        var selected: [Bool] = []
        for character in parts[1] {
            guard let value = Int(String(character), radix: 16) else { return nil }
            selected += (0..<4).map { value & 1 << $0 != 0 }
        }
        guard selected.count >= catalog.count else { return nil }
        self.selected = Array(selected.prefix(catalog.count))
        fingerprint = String(parts[0])
    }

    public func names(in catalog: [String]) -> [String] {
        zip(catalog, selected).filter(\.1).map(\.0)
    }

    /// The order a guest runs its plan in, which the host must know to name
    /// the cell in flight when a guest dies: the `first` ones (a mutant's
    /// expected killers, so a guest stopping at its first kill stops early),
    /// then the rest, each part in its given order.
    public static func order(_ names: [String], first: Set<String>) -> [String] {
        names.filter(first.contains) + names.filter { !first.contains($0) }
    }
}
