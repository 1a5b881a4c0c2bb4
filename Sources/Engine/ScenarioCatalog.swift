/// Every scenario, in the order the matrix runs them.
public enum ScenarioCatalog {
    public static let all: [Scenario] = ModuleScenarios.all + ToggleScenarios.all + GroupScenarios.all
        + CdevScenarios.all + UnregisterScenarios.all + ControlScenarios.all + RaceScenarios.all

    public static func named(_ name: String) -> Scenario? { all.first { $0.name == name } }
}
