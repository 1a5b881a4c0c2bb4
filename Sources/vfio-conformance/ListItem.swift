import ArgumentParser

/// What a comma-separated option lists: an option value that, when a text
/// is not one, says why and what would be.
protocol ListItem: ExpressibleByArgument {
    /// What one item is called in messages ("topology").
    static var noun: String { get }
    static func item(_ text: String, option: String) throws -> Self
}

extension ListItem {
    static func item(_ text: String, option: String) throws -> Self {
        guard let item = Self(argument: text) else {
            throw ValidationError("\(option): unknown \(noun) `\(text)`; known: \(allValueStrings.joined(separator: ", "))")
        }
        return item
    }
}

/// Names checked later against what exists (variants, scenarios, mutants).
extension String: ListItem {
    static var noun: String { "name" }
}
