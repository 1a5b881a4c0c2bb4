/// The rows that judge what a race round left (`round end: STEP`), looked
/// up once per cell for a device left bound and for one left unbound: a
/// round is judged hundreds of times a second, and nothing else the rows
/// are conditioned on changes within a cell.
struct RoundRows: Sendable {
    let file: String
    private let scenario: String
    /// Per `bound`, each step's row; nil where the table has none.
    private let rows: [Bool: [String: ExpectationRule]]
    /// Per `bound`, the facts the rows were looked up under, for the message of a missing one.
    private let facts: [Bool: String]

    init(_ table: ExpectationTable, scenario: String, facts: [Fact: String]) {
        file = table.file
        self.scenario = scenario
        var rows: [Bool: [String: ExpectationRule]] = [:], texts: [Bool: String] = [:]
        for bound in [false, true] {
            var facts = facts
            facts[.bound] = bound ? "y" : "n"
            rows[bound] = Dictionary(uniqueKeysWithValues: RoundState.steps.compactMap { step in
                table.rule(scenario: scenario, step: step, facts: facts).map { (step, $0) }
            })
            texts[bound] = Fact.text(facts)
        }
        self.rows = rows
        self.facts = texts
    }

    func rule(_ step: String, bound: Bool) -> ExpectationRule? { rows[bound]?[step] }

    /// What says the table has no row for `step`.
    func noRow(_ step: String, bound: Bool) -> String {
        "no row in \(file) for `\(scenario) | \(step)` under \(facts[bound]!)"
    }
}
