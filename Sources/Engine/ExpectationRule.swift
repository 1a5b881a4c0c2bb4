import Results

/// One row of the expectation table: in this scenario, at this step, under
/// these conditions, the kernel should answer this.
public struct ExpectationRule: Sendable, Equatable {
    /// A scenario name, or a prefix ending in `*` (`group/*`).
    public var scenario: String
    public var step: String
    /// Conditions that must all hold: feature or topology key -> value.
    public var conditions: [Fact: String]
    /// Accepted answers; `error` accepts any errno.
    public var accepted: [String]
    /// Where the row is, so a failure can point the reviewer at it.
    public var line: Int
    public var provenance: Provenance = .observed([], source: nil)

    /// Whether a real kernel ever showed this row right.
    public enum Provenance: Sendable, Equatable {
        /// Seen on these kernels (none named: the project's baseline kernels),
        /// with the source that explains it where the row names one.
        case observed([String], source: String?)
        /// Read from the source named, never yet seen on a kernel: a mismatch
        /// may be new behaviour as well as a bug.
        case unverified(source: String)
    }

    public var isUnverified: Bool { if case .unverified = provenance { true } else { false } }

    public func matches(scenario name: String, step: String, facts: [Fact: String]) -> Bool {
        guard self.step == step else { return false }
        return ScenarioPattern(scenario).matches(name) && conditions.allSatisfy { facts[$0.key] == $0.value }
    }

    /// Whether every scenario `pattern` names is one this row's names too.
    func covers(scenario pattern: String) -> Bool {
        ScenarioPattern(scenario).matches(pattern)
    }

    public func accepts(_ observed: String) -> Bool {
        accepted.contains(observed) || (accepted.contains("error") && observed.first == "E")
    }

    public var expectedText: String { accepted.joined(separator: " or ") }
}
