/// The rows that judge what a race round left (`round end: STEP`), looked
/// up once per cell for a device left bound and for one left unbound: a
/// round is judged hundreds of times a second, and nothing else the rows
/// are conditioned on changes within a cell.
struct RoundRows: Sendable {
    /// What a round's end is judged on, in the order it is read.
    enum Step: Int, CaseIterable, Sendable {
        case groupNode, entry, cdevNode, taint

        /// The step's name in the table.
        var name: String { "round end: " + ["group node", "vfio-dev entry", "cdev node", "taint U"][rawValue] }
    }

    let file: String
    private let scenario: String
    /// Per `bound` (unbound first), each step's row; nil where the table has none.
    private let rows: [[ExpectationRule?]]
    /// Per `bound`, the facts the rows were looked up under, for the message of a missing one.
    private let facts: [String]

    init(_ table: ExpectationTable, scenario: String, facts: [Fact: String]) {
        file = table.file
        self.scenario = scenario
        let cases = [false, true].map { bound in
            var facts = facts
            facts[.bound] = bound ? "y" : "n"
            return facts
        }
        rows = cases.map { facts in Step.allCases.map { table.rule(scenario: scenario, step: $0.name, facts: facts) } }
        self.facts = cases.map(Fact.text)
    }

    func rule(_ step: Step, bound: Bool) -> ExpectationRule? { rows[bound ? 1 : 0][step.rawValue] }

    /// What says the table has no row for `step`.
    func noRow(_ step: Step, bound: Bool) -> String {
        "no row in \(file) for `\(scenario) | \(step.name)` under \(facts[bound ? 1 : 0])"
    }
}
