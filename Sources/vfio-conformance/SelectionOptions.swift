import ArgumentParser
import Engine
import Results

/// Which scenarios a run covers.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("scenarios"), help: ArgumentHelp(
        "Scenarios to run: comma-separated names or prefixes ending in '*' (default: all; see `list`).",
        valueName: "names"), transform: { try CommaList.parse($0, option: "--scenarios", example: "'toggle/*,group/taint'") })
    var patterns: [String]?

    func scenarios() throws -> [Scenario] {
        guard let patterns else { return ScenarioCatalog.all }
        for pattern in patterns where !ScenarioCatalog.all.contains(where: { ScenarioPattern(pattern).matches($0.name) }) {
            throw ValidationError("--scenarios: `\(pattern)` matches no scenario; `vfio-conformance list` shows them")
        }
        return ScenarioCatalog.all.filter { scenario in patterns.contains { ScenarioPattern($0).matches(scenario.name) } }
    }
}
