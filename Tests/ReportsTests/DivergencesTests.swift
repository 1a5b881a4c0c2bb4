import Testing
import Results
import Reports

@Suite struct DivergencesTests {
    let found = Divergences.find(in: SampleResults.document)

    @Test func findsDifferingObservationsEvenWhenBothPass() throws {
        let open = try #require(found.first { $0.topology == .noiommu && $0.scenario == SampleResults.open })
        #expect(open.legacy.outcome == .pass && open.compat.outcome == .pass)
        #expect(open.differences == ["set container: ok vs EINVAL"])
        #expect(open.firstDifferingStep == "set container")
    }

    @Test func findsDifferingOutcomes() throws {
        let setIOMMU = try #require(found.first { $0.scenario == SampleResults.setIOMMU })
        #expect(setIOMMU.differences.first == "outcome PASS vs FAIL")
        // A reproducer decides at a step; the outcome alone is none.
        #expect(setIOMMU.firstDifferingStep == setIOMMU.differences.dropFirst().first?.split(separator: ":").first.map(String.init))
    }

    @Test func ignoresIdenticalObservationsAndTimings() {
        #expect(found.map(\.topology) == [.noiommu, .noiommu])
        #expect(!found.contains { $0.scenario == SampleResults.toggle })
    }

    @Test func comparesOtherVariantsWhenAsked() {
        let alike = Divergences.find(in: SampleResults.document, between: "iommufd-compat", and: "iommufd-compat")
        #expect(alike.isEmpty)
        #expect(Divergences.find(in: SampleResults.document, between: "legacy", and: "absent").isEmpty)
    }

    @Test func aStepRunOnOneSideOnlyIsSetUpNotADivergence() {
        let steps = [StepRecord(name: "open group", observed: "ok")]
        let document = ResultsDocument(cells: [
            SampleResults.cell("legacy", .noiommu, SampleResults.open, .pass,
                               Evidence(steps: steps + [StepRecord(name: "load vfio_iommu_type1", observed: "ok")])),
            SampleResults.cell("iommufd-compat", .noiommu, SampleResults.open, .pass, Evidence(steps: steps)),
        ])
        #expect(Divergences.find(in: document).isEmpty)
    }

    @Test func aSkippedSideObservedNothing() {
        let document = ResultsDocument(cells: [
            SampleResults.cell("legacy", .noiommu, SampleResults.open, .pass,
                               Evidence(steps: [StepRecord(name: "open group", observed: "ok")])),
            SampleResults.cell("iommufd-compat", .noiommu, SampleResults.open, .skip, Evidence(reason: "no type1")),
        ])
        #expect(Divergences.find(in: document).isEmpty)
    }
}
