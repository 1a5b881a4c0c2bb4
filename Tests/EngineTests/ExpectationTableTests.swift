import Foundation
import Testing
@testable import Engine
import Probes

@Suite struct ExpectationTableTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let text = """
        # comment
        group/set-iommu-type1-refused | SET_IOMMU TYPE1v2 | container=vfio | ENODEV
        group/set-iommu-type1-refused | SET_IOMMU TYPE1v2 | container=iommufd, topology=noiommu | EINVAL
        group/* | group node | * | noiommu   # trailing comment
        * | unbind | * | ok
        * | rmmod vfio | * | EAGAIN/EBUSY
        * | anything | * | error
        """

    @Test func firstMatchingRowWins() throws {
        let table = try ExpectationTable(text: text, file: "t.expect")
        #expect(table.rules.count == 6)
        let legacy = table.rule(scenario: "group/set-iommu-type1-refused", step: "SET_IOMMU TYPE1v2", facts: [.feature(.container): "vfio"])
        #expect(legacy?.accepted == ["ENODEV"])
        #expect(legacy?.line == 2)
        let compat = table.rule(scenario: "group/set-iommu-type1-refused", step: "SET_IOMMU TYPE1v2",
                                facts: [.feature(.container): "iommufd", .topology: "noiommu"])
        #expect(compat?.accepted == ["EINVAL"])
        #expect(table.rule(scenario: "group/set-iommu-type1-refused", step: "SET_IOMMU TYPE1v2",
                           facts: [.feature(.container): "iommufd", .topology: "viommu"]) == nil)
    }

    @Test func prefixesAndWildcards() throws {
        let table = try ExpectationTable(text: text, file: "t.expect")
        #expect(table.rule(scenario: "group/viable", step: "group node", facts: [:])?.accepted == ["noiommu"])
        #expect(table.rule(scenario: "toggle/x", step: "group node", facts: [:]) == nil)
        #expect(table.rule(scenario: "toggle/x", step: "unbind", facts: [:])?.accepted == ["ok"])
    }

    @Test func alternativesAndAnyErrno() throws {
        let table = try ExpectationTable(text: text, file: "t.expect")
        let rmmod = try #require(table.rule(scenario: "m", step: "rmmod vfio", facts: [:]))
        #expect(rmmod.accepts("EBUSY") && rmmod.accepts("EAGAIN") && !rmmod.accepts("ok"))
        #expect(rmmod.expectedText == "EAGAIN or EBUSY")
        let any = try #require(table.rule(scenario: "m", step: "anything", facts: [:]))
        #expect(any.accepts("ENODEV") && !any.accepts("ok"))
    }

    @Test func badRowsNameTheLine() {
        #expect(throws: EngineError.expectations(file: "t.expect", line: 2,
                                                 reason: "want 4 fields `scenario | step | conditions | expected` and an optional provenance, found 3")) {
            try ExpectationTable(text: "# x\na | b | c\n", file: "t.expect")
        }
        #expect(throws: EngineError.expectations(file: "t.expect", line: 1, reason: "condition `container` is not key=value")) {
            try ExpectationTable(text: "a | b | container | ok\n", file: "t.expect")
        }
    }

    @Test func provenanceSaysWhetherARowWasEverSeen() throws {
        let table = try ExpectationTable(text: """
            a | s | * | ok
            b | s | * | ok | observed 6.12.117, 6.1.192
            c | s | * | EPERM | unverified: drivers/vfio/device_cdev.c vfio_device_fops_cdev_open
            d | s | * | EINVAL | observed 7.3.4: drivers/iommu/iommufd/ioas.c iommufd_ioas_noiommu_get_pa
            """, file: "t.expect")
        #expect(table.rules.map(\.isUnverified) == [false, false, true, false])
        #expect(table.rules[3].provenance == .observed(["7.3.4"], source: "drivers/iommu/iommufd/ioas.c iommufd_ioas_noiommu_get_pa"))
        #expect(table.rules[1].provenance == .observed(["6.12.117", "6.1.192"], source: nil))
        #expect(table.rules[2].provenance == .unverified(source: "drivers/vfio/device_cdev.c vfio_device_fops_cdev_open"))
        #expect(throws: EngineError.expectations(file: "t.expect", line: 1, reason: "provenance `seen`: want `observed KERNEL,...[: SOURCE]` or `unverified: SOURCE`")) {
            try ExpectationTable(text: "a | s | * | ok | seen\n", file: "t.expect")
        }
        #expect(throws: EngineError.self) { try ExpectationTable(text: "a | s | * | ok | unverified:\n", file: "t.expect") }
        #expect(throws: EngineError.self) { try ExpectationTable(text: "a | s | * | ok | observed 7.3.4:\n", file: "t.expect") }
    }

    @Test func scenarioNamesAreUniqueAndStable() {
        let names = ScenarioCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 30)
        #expect(names.allSatisfy { $0.split(separator: "/").count == 2 })
    }
}

@Suite struct MutantHeaderScenarioTests {
    /// A mutant's Caught-by names cells the kill table is read against: each
    /// must be a scenario that exists, or the prediction checks nothing.
    @Test func everyPredictedKillerIsAScenario() throws {
        let directory = ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/mutants")
        let names = Set(ScenarioCatalog.all.map(\.name))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".patch") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Caught-by:") }, "\(file)")
            for killer in line.dropFirst("Caught-by:".count).split(separator: ",") {
                let name = killer.trimmingCharacters(in: .whitespaces)
                #expect(names.contains(name), "\(file) predicts unknown scenario \(name)")
            }
        }
    }
}

@Suite struct SkipReasonTests {
    @Test func aSkipSaysWhetherTheKernelLacksTheFeatureOrTurnedItOff() {
        var features = VFIOFeatures(config: KernelConfig(text: "CONFIG_VFIO=m\n# CONFIG_IOMMUFD is not set\n"))
        #expect(Requirement.feature(.iommufd).unmet(features: features, hasIOMMUGroup: false) == "CONFIG_IOMMUFD is off in this kernel")
        #expect(Requirement.feature(.cdev).unmet(features: features, hasIOMMUGroup: false)
                == "CONFIG_VFIO_DEVICE_CDEV is not in this kernel (its config does not know the option)")
        features.noiommuCdev = false
        #expect(Requirement.feature(.noiommuCdev).unmet(features: features, hasIOMMUGroup: false)?.hasPrefix("noiommu cdev not in this kernel") == true)
    }
}

@Suite struct StrictTableTests {
    @Test func aConditionTypoIsAnErrorNotARowThatNeverMatches() {
        #expect { try ExpectationTable(text: "a | s | contianer=vfio | ok\n", file: "t.expect") } throws: {
            "\($0)".contains("condition key `contianer` is not a detected fact")
        }
        #expect { try ExpectationTable(text: "a | s | container=type1 | ok\n", file: "t.expect") } throws: {
            "\($0)".contains("`container=type1` can never hold")
        }
    }

    @Test func aShadowedRowIsFound() throws {
        let table = try ExpectationTable(text: "x/* | s | * | ok\nx/a | s | cdev=y | EPERM\nx/a | t | * | ok\n", file: "t.expect")
        #expect(table.shadowedRows.map { $0.row.line } == [2])
    }

    /// The shipped table has no row that first-match can never reach, and
    /// every row names a scenario of the catalog.
    @Test func theShippedTableHasNoDeadRows() throws {
        let table = try ExpectationTable.load(ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/expectations/vfio.expect").path)
        for (row, by) in table.shadowedRows {
            Issue.record("line \(row.line) `\(row.scenario) | \(row.step)` is shadowed by line \(by.line) `\(by.scenario)`")
        }
        let names = ScenarioCatalog.all.map(\.name)
        for row in table.rules where row.scenario != "*" {
            let named = row.scenario.hasSuffix("*") ? names.contains { $0.hasPrefix(row.scenario.dropLast()) } : names.contains(row.scenario)
            #expect(named, "line \(row.line): `\(row.scenario)` names no scenario")
        }
    }
}
