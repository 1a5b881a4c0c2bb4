/// Which scenarios of the catalog a guest should run, as a hex bitmap over
/// the catalog's order. It fits on a kernel command line however gappy a
/// resumed run is, where a list of names would not (2048 bytes on x86).
public struct ScenarioPlan: Equatable, Sendable {
    public var selected: [Bool]

    public init(selected: [Bool]) { self.selected = selected }

    public init(catalog: [String], running names: Set<String>) {
        selected = catalog.map(names.contains)
    }

    /// Four scenarios a hex digit, first scenario in the lowest bit of the first digit.
    public var encoded: String {
        stride(from: 0, to: selected.count, by: 4).map { start in
            let value = (0..<4).reduce(0) { bits, offset in
                start + offset < selected.count && selected[start + offset] ? bits | 1 << offset : bits
            }
            return String(value, radix: 16)
        }.joined()
    }

    public init?(encoded: String, count: Int) {
        var selected: [Bool] = []
        for character in encoded {
            guard let value = Int(String(character), radix: 16) else { return nil }
            selected += (0..<4).map { value & 1 << $0 != 0 }
        }
        guard selected.count >= count else { return nil }
        self.selected = Array(selected.prefix(count))
    }

    public func names(in catalog: [String]) -> [String] {
        zip(catalog, selected).filter(\.1).map(\.0)
    }
}
