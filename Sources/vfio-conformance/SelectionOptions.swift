import ArgumentParser
import Engine

/// Which scenarios a run covers.
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("scenarios"), help: ArgumentHelp(
        "Scenarios to run: comma-separated names or prefixes ending in '*' (default: all; see `list`).",
        valueName: "names"), transform: { try CommaList.parse($0, option: "--scenarios", example: "'toggle/*,group/taint'") })
    var patterns: [String]?

    func scenarios() throws -> [Scenario] {
        guard let patterns else { return ScenarioCatalog.all }
        for pattern in patterns where !ScenarioCatalog.all.contains(where: { matches($0.name, pattern) }) {
            throw ValidationError("--scenarios: `\(pattern)` matches no scenario; `vfio-conformance list` shows them")
        }
        return ScenarioCatalog.all.filter { scenario in patterns.contains { matches(scenario.name, $0) } }
    }

    private func matches(_ name: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? name.hasPrefix(pattern.dropLast()) : name == pattern
    }
}
