import Foundation
import Testing
@testable import Engine
import Lab
import Probes
import Results

/// The shipped table against the scenarios themselves: every scenario runs
/// on a model kernel for every kernel the variants describe, on both
/// topologies, and every step it checks must find its row there, on the
/// host, rather than first in a guest as a harness error.
@Suite struct ExpectationCoverageTests {
    static let table = try! ExpectationTable.load(ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/expectations/vfio.expect").path)

    /// The kernels the variants can give: each `if-available` both ways,
    /// iommufd wherever something needs it or may have it (off where the
    /// kernel turned it off), and the noiommu cdev wherever noiommu and the
    /// cdev meet, on a tree with or without the series. Each is what its
    /// variant's fragment configures, as the guest detects it.
    static var kernels: [VFIOFeatures] {
        let directory = ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/variants").path
        let variants = (try? Variant.load(Variant.available(in: directory).sorted(), from: directory)) ?? []
        let both = { (want: FeatureWants.Want) -> [FeatureWants.Want] in want == .ifAvailable ? [.yes, .no] : [want] }
        var kernels: [VFIOFeatures] = []
        for variant in variants {
            for group in both(variant.wants.group) {
                for noiommu in both(variant.wants.noiommu) {
                    for cdev in both(variant.wants.cdev) {
                        let wants = FeatureWants(group: group, container: variant.wants.container, noiommu: noiommu, cdev: cdev)
                        for iommufd in (cdev == .yes || wants.container == .iommufd) ? [true] : [true, false] {
                            for series in (noiommu == .yes && cdev == .yes) ? [true, false] : [false] {
                                let noSeries = Set(Feature.noiommuCdev.symbols)
                                guard case let .options(options, _) = wants.options(defines: { series || !noSeries.contains($0) }) else { continue }
                                var config = variant.base + options.map { "\n\($0.option)=\($0.value)" }.joined()
                                if !iommufd { config += Feature.iommufd.symbols.map { "\n# CONFIG_\($0) is not set" }.joined() }
                                let features = VFIOFeatures(config: KernelConfig(text: config))
                                if !kernels.contains(features) { kernels.append(features) }
                            }
                        }
                    }
                }
            }
        }
        return kernels
    }

    /// Every cell of every kernel and topology, run on the model.
    static let cells: [(facts: [Fact: String], cell: Cell)] = {
        var cells: [(facts: [Fact: String], cell: Cell)] = []
        for features in kernels {
            for (topology, group) in [(Topology.noiommu, nil), (.viommu, "7")] {
                guard let model = try? KernelModel(features: features, iommuGroup: group) else { continue }
                let environment = model.environment(table: table, topology: topology, walksEveryStep: true)
                let runner = MatrixRunner(environment: environment, scenarios: ScenarioCatalog.all, kmsg: nil)
                for cell in runner.run(stopAfterFault: false, interrupted: { false }, emit: { _ in }) {
                    cells.append((environment.facts, cell))
                }
            }
        }
        return cells
    }()

    @Test func theVariantsDescribeSeveralKernels() {
        #expect(Self.kernels.count >= 8)
        #expect(Self.cells.count == Self.kernels.count * 2 * ScenarioCatalog.all.count)
    }

    @Test func everyCheckedStepHasARowOnEveryKernel() {
        let missing = Set(Self.cells.compactMap { $0.cell.outcome == .error ? $0.cell.evidence.reason : nil })
        #expect(missing.isEmpty, "\(missing.count) steps without a row:\n\(missing.sorted().joined(separator: "\n"))")
    }

    @Test func everyScenarioRunsSomewhere() {
        let ran = Set(Self.cells.filter { $0.cell.outcome != .skip }.map(\.cell.scenario))
        let never = ScenarioCatalog.all.map(\.name).filter { !ran.contains($0) }
        #expect(never.isEmpty, "never run on any kernel the variants describe: \(never)")
    }

    /// A row no step of any scenario reaches on any kernel is dead: a typo
    /// in its step or scenario, or a step that was renamed.
    @Test func everyRowIsReachedBySomeStep() {
        var reached = Set<Int>()
        for (facts, cell) in Self.cells {
            for step in cell.evidence.steps {
                if let rule = Self.table.rule(scenario: cell.scenario, step: step.name, facts: facts) { reached.insert(rule.line) }
            }
            // What a race's rounds leave is judged by `round end:` rows, bound or not (RoundRows).
            guard cell.scenario.hasPrefix("race/"), cell.outcome != .skip else { continue }
            for bound in ["y", "n"] {
                for step in RoundRows.Step.allCases.map(\.name) {
                    if let rule = Self.table.rule(scenario: cell.scenario, step: step, facts: facts.merging([.bound: bound]) { $1 }) { reached.insert(rule.line) }
                }
            }
        }
        let dead = Self.table.rules.filter { !reached.contains($0.line) }.map { "line \($0.line): \($0.scenario) | \($0.step)" }
        #expect(dead.isEmpty, "\(dead.count) rows no step reaches:\n\(dead.joined(separator: "\n"))")
    }
}
