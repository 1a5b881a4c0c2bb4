import Testing
@testable import Results

@Suite struct MutantVerdictTests {
    func cell(_ scenario: String, _ outcome: Outcome) -> Cell {
        Cell(variant: "legacy", topology: .noiommu, scenario: scenario, outcome: outcome)
    }

    @Test func onlyFailCrashAndHangKill() {
        let verdict = MutantVerdict(mutant: "m", defect: "d", variant: "legacy",
                                    cells: [cell("a", .pass), cell("b", .error), cell("c", .skip)])
        #expect(verdict.survived)
        #expect(verdict.errors.count == 1)
        let killed = MutantVerdict(mutant: "m", defect: "d", variant: "legacy", cells: [cell("a", .hang), cell("b", .fail)])
        #expect(!killed.survived)
    }
}
