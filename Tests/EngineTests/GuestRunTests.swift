import Foundation
import Results
import Testing
@testable import Engine

/// A guest runs what the host's plan names, in the order the host expects.
@Suite struct GuestRunTests {
    private func plan(_ names: Set<String>, first: Set<String>? = nil) -> GuestBoot.Plan {
        let catalog = ScenarioCatalog.all.map(\.name)
        return GuestBoot.Plan(variant: "debug", topology: .noiommu, plan: ScenarioPlan(catalog: catalog, running: names).encoded,
                              first: first.map { ScenarioPlan(catalog: catalog, running: $0).encoded }, getPACommand: nil, race: RaceSettings())
    }

    /// A mutant's expected killers go first; the host names the cell in
    /// flight from the same order (ScenarioPlan.order).
    @Test func theFirstScenariosRunBeforeTheRest() throws {
        let names: Set = ["modules/cycles", "group/taint", "race/open-group-twice"]
        #expect(try GuestRun.scenarios(plan(names, first: ["race/open-group-twice"])).map(\.name)
                == ["race/open-group-twice", "modules/cycles", "group/taint"])
        #expect(try GuestRun.scenarios(plan(names)).map(\.name) == ["modules/cycles", "group/taint", "race/open-group-twice"])
    }

    @Test func aPlanForAnotherCatalogIsRefused() {
        var other = plan(["group/taint"])
        other.plan = "v1.0000"
        #expect(throws: GuestBoot.Malformed.self) { try GuestRun.scenarios(other) }
    }

    /// init reads the status from the file the harness makes: one that did
    /// not exist before (a wedged thread may keep the process from ending).
    @Test func theStatusFileIsMadeForInit() throws {
        let path = NSTemporaryDirectory() + "guest-run-status-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try GuestRun(boot: GuestBoot(.bare, cpus: 1), expectations: "/nonexistent", stream: nil, statusFile: path)
        #expect(try run.run() == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "0\n")
    }
}
