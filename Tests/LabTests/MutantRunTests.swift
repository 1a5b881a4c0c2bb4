import Testing
@testable import Lab
import Results

@Suite struct MutantRunTests {
    let cdev = Mutant(name: "01-cdev", path: "/m/01-cdev.patch", defect: "d", expectedKillers: [],
                      variants: ["legacy", "cdev-only"], topologies: [.viommu])
    let noiommu = Mutant(name: "07-noiommu", path: "/m/07-noiommu.patch", defect: "d", expectedKillers: [],
                         variants: ["legacy", "iommufd-compat"], topologies: [.noiommu])
    var template: LabOptions {
        var options = LabOptions(package: "/p", catalog: ["a", "b"], scenarios: ["a", "b"], jobs: 2)
        options.patches = "/leftover.patch"
        return options
    }

    func cell(_ variant: VariantName, _ scenario: String, _ outcome: Outcome) -> Cell {
        Cell(variant: variant, topology: .viommu, scenario: scenario, outcome: outcome)
    }

    @Test func theUnmodifiedKernelRunsEveryVariantOfAnyMutantInEveryTopology() {
        let options = MutantRun.unmodified([cdev, noiommu], template)
        #expect(options.patches == nil)
        #expect(options.variants == ["cdev-only", "iommufd-compat", "legacy"])
        #expect(options.topologies == Topology.allCases)
        #expect(options.scenarios == ["a", "b"] && options.jobs == 2)
    }

    @Test func aMutantRunsOnlyWhereItsHeaderSays() {
        let options = MutantRun.options(for: noiommu, template, everyCell: false)
        #expect(options.patches == "/m/07-noiommu.patch")
        #expect(options.variants == ["legacy", "iommufd-compat"])
        #expect(options.topologies == [.noiommu])
        #expect(options.stopAtFirstFault)
        #expect(!MutantRun.options(for: noiommu, template, everyCell: true).stopAtFirstFault)
        #expect(!MutantRun.unmodified([noiommu], template).stopAtFirstFault)
    }

    @Test func aTierOnlyMutantRunsOnTheVariantsItMustSurviveToo() {
        var tierOnly = noiommu
        tierOnly.variants = ["debug"]
        tierOnly.survivors = ["legacy"]
        #expect(MutantRun.options(for: tierOnly, template, everyCell: false).variants == ["debug", "legacy"])
        #expect(MutantRun.unmodified([tierOnly], template).variants == ["debug", "legacy"])
        let document = ResultsDocument(cells: [cell("debug", "a", .crash), cell("legacy", "a", .pass)])
        let verdicts = MutantRun.verdicts(of: tierOnly, in: document)
        #expect(verdicts.map(\.expectedToSurvive) == [false, true])
        #expect(verdicts.allSatisfy { $0.asExpected })
    }

    @Test func eachVariantIsJudgedByItsOwnCells() {
        let document = ResultsDocument(cells: [
            cell("legacy", "a", .fail), cell("cdev-only", "a", .pass), cell("cdev-only", "b", .error),
            cell("no-noiommu", "a", .crash),
        ])
        let verdicts = MutantRun.verdicts(of: cdev, in: document)
        #expect(verdicts.map(\.variant) == ["legacy", "cdev-only"])
        #expect(verdicts.map(\.survived) == [false, true])
        #expect(verdicts[1].errors.count == 1)
    }

    /// A document lists cells by key; the kill is the first killer's to run.
    @Test func killersComeInTheOrderTheyRan() {
        let (late, early) = (cell("legacy", "a", .fail), cell("legacy", "b", .crash))
        let order = CellOrder()
        order.note(cell("legacy", "c", .pass))
        order.note(early)
        order.note(late)
        let verdicts = MutantRun.verdicts(of: cdev, in: ResultsDocument(cells: [late, early]), order: order)
        #expect(verdicts[0].killers.map(\.scenario) == ["b", "a"])
    }

    @Test func aMutantsCellsAreMarkedWithItsName() throws {
        let unmodified = ResultsDocument(cells: [cell("legacy", "a", .pass)])
        let marked = MutantRun.marked(ResultsDocument(cells: [cell("legacy", "a", .fail)]), by: cdev)
        #expect(marked.cells.map(\.variant) == ["legacy"])
        #expect(marked.cells.map(\.mutant) == ["01-cdev"])
        #expect(marked.cells.map(\.key.description) == ["01-cdev:legacy/viommu/a"])
        let merged = ResultsDocument.merged([unmodified, marked])
        #expect(merged.cells.map(\.outcome) == [.fail, .pass])
        let line = try CellStream.line(for: marked.cells[0])
        #expect(line.contains(#""mutant":"01-cdev""#) && line.contains(#""variant":"legacy""#))
    }

    @Test func onlySelectsByPrefixAndRefusesToSelectNothing() throws {
        #expect(try Mutant.select([cdev, noiommu], prefixes: ["07", "09"]).map(\.name) == ["07-noiommu"])
        #expect(throws: LabError.badPatches("--only 2,3: no mutant name starts with that")) {
            try Mutant.select([cdev, noiommu], prefixes: ["2", "3"])
        }
    }
}
