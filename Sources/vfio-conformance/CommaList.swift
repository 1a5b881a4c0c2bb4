import ArgumentParser

/// A comma-separated option value: every item non-empty, at least one, each
/// an `Item`, so `--variants ''` or `','` is an input error that names the
/// option rather than a run that tests nothing.
enum CommaList {
    static func parse<Item: ListItem>(_ text: String, option: String, example: String) throws -> [Item] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !items.contains(where: \.isEmpty) else {
            throw ValidationError("\(option) '\(text)': an empty item; give a comma-separated list such as \(option) \(example)")
        }
        if let twice = items.first(where: { item in items.count { $0 == item } > 1 }) {
            throw ValidationError("\(option) '\(text)': \(twice) is named twice; name each once")
        }
        return try items.map { try Item.item($0, option: option) }
    }
}
