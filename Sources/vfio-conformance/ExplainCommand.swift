import ArgumentParser
import Engine
import Results

/// Prints what one scenario does and what the expectation table says it should see.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain what a scenario does and expects.")

    @Argument(help: "A scenario name, as `list` prints it.")
    var scenario: String

    @Option(help: ArgumentHelp("The expectation table to quote.", valueName: "file"))
    var expectations: String?

    func run() throws {
        guard let found = ScenarioCatalog.named(scenario) else {
            throw ValidationError("unknown scenario `\(scenario)`; `vfio-conformance list` shows them")
        }
        print("\(found.name): \(found.summary)\n")
        print(found.detail)
        if !found.requirements.isEmpty {
            print("\nNeeds: " + found.requirements.map(\.rawValue).joined(separator: ", ") + " (skipped otherwise, with the reason)")
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
    }
}
