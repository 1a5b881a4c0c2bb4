/// A scenario name, or a prefix ending in `*` ("toggle/*"): how --scenarios,
/// expectation rows and a variant's `scenarios =` name scenarios.
public struct ScenarioPattern: Sendable, Equatable {
    public var text: String

    public init(_ text: String) { self.text = text }

    public func matches(_ name: String) -> Bool {
        text.hasSuffix("*") ? name.hasPrefix(text.dropLast()) : name == text
    }
}
