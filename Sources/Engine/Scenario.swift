/// One named behaviour of VFIO, checked the same way on every kernel.
/// The name is stable: results, baselines and expectation rows refer to it.
public struct Scenario: Sendable {
    public let name: String
    /// One line for `list`.
    public let summary: String
    /// What it does and what it expects, for `explain`.
    public let detail: String
    public let requirements: [Requirement]
    /// The module stack its fixture starts from, if it starts from one.
    let stack: ModuleStack?
    let body: @Sendable (ScenarioContext) throws(ScenarioStop) -> Void

    init(_ name: String, _ summary: String, detail: String, stack: ModuleStack? = nil, needs requirements: [Requirement] = [],
         _ body: @escaping @Sendable (ScenarioContext) throws(ScenarioStop) -> Void) {
        self.name = name
        self.summary = summary
        self.detail = detail
        self.requirements = requirements
        self.stack = stack
        self.body = body
    }

    public var family: String { String(name.split(separator: "/").first ?? "") }
}
