import ArgumentParser
import Engine
import Results

/// Prints what one scenario does and what the expectation table says it
/// should see; for a cell of a results document, also what it observed and
/// its reproducer.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain what a scenario does and expects, or what a cell of a run saw.")

    @Argument(help: ArgumentHelp("A scenario name, as `list` prints it; with --results, a cell as reports name it (KERNEL/VARIANT/TOPOLOGY/SCENARIO).", valueName: "scenario-or-cell"))
    var scenario: String

    @Option(help: ArgumentHelp("The expectation table to quote.", valueName: "file"))
    var expectations: String?

    @Option(help: ArgumentHelp("A results document or cell journal (`-`: standard input) whose cell to explain, reproducer included.", valueName: "file"))
    var results: String?

    func run() throws {
        let cell = try results.map { results in
            let document = try ResultsFile.read(results)
            guard let cell = document.cells.first(where: { $0.key.description == scenario }) else {
                throw ValidationError("\(results) has no cell \(scenario); cells are named KERNEL/VARIANT/TOPOLOGY/SCENARIO, as reports print them")
            }
            return cell
        }
        let name = cell?.scenario ?? scenario
        guard let found = ScenarioCatalog.named(name) else {
            throw ValidationError("unknown scenario `\(name)`; `vfio-conformance list` shows them")
        }
        print("\(found.name): \(found.summary)\n")
        print(found.detail)
        if !found.requirements.isEmpty {
            print("\nNeeds: " + found.requirements.map(\.name).joined(separator: ", ") + " (skipped otherwise, with the reason)")
        }
        let table = try ExpectationTable.load(try expectations ?? PackageLocation.expectations())
        let rows = table.rules.filter { rule in
            ScenarioPattern(rule.scenario).matches(found.name)
        }
        print("\nExpectations (\(table.file), first matching row wins):")
        for rule in rows {
            let when = rule.conditions.isEmpty ? "always" : rule.conditions.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ",")
            print("  line \(rule.line): \(rule.step) -> \(rule.expectedText)  [\(when)]")
        }
        if let cell { print(Self.observed(cell)) }
    }

    /// What the cell saw, step by step, and its reproducer's program.
    static func observed(_ cell: Cell) -> String {
        var lines = ["", "\(cell.key): \(cell.outcome.rawValue)" + (cell.evidence.summary.isEmpty ? "" : ": \(cell.evidence.summary)")]
        lines += cell.evidence.steps.map { "  \($0.name): \($0.observed)" }
        guard let reproducer = cell.evidence.reproducer else {
            lines.append("\nNo reproducer: a failed, crashed or hung cell has one, and with --repro a divergence's")
            return lines.joined(separator: "\n")
        }
        lines += ["", "Reproducer (\(reproducer.calls) kernel calls; \(reproducer.proof ?? "not yet run again outside the cell")):",
                  "--- run.sh", reproducer.prelude, "--- repro.c", reproducer.program]
        return lines.joined(separator: "\n")
    }
}
