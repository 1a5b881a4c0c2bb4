import Foundation
import Testing
@testable import Engine
import Probes
import Results

/// The shipped table against the scenarios themselves: every scenario runs
/// on a model kernel for every kernel the variants describe, on both
/// topologies, and every step it checks must find its row there, on the
/// host, rather than first in a guest as a harness error.
@Suite struct ExpectationCoverageTests {
    static let table = try! ExpectationTable.load(ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/expectations/vfio.expect").path)

    /// The kernels the default variants can give: each `if-available`
    /// both ways, iommufd wherever something needs it or may have it, and
    /// the noiommu cdev wherever noiommu and the cdev meet.
    static var kernels: [VFIOFeatures] {
        let directory = ExpectationTableTests.packageRoot.appendingPathComponent("Fixtures/variants")
        var kernels: [VFIOFeatures] = []
        for file in (try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()) ?? [] where file.hasSuffix(".variant") {
            let text = (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
            var wants: [String: String] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("CONFIG_") {
                let pair = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2 { wants[pair[0]] = pair[1] }
            }
            let choices = { (key: String) in wants[key] == "if-available" ? [true, false] : [wants[key] == "y"] }
            for cdev in choices("cdev") {
                let container = wants["container"] ?? "none"
                for iommufd in (cdev || container == "iommufd") ? [true] : [true, false] {
                    for noiommuCdev in (wants["noiommu"] == "y" && cdev) ? [true, false] : [false] {
                        var config = "CONFIG_VFIO=m\n"
                        config += wants["group"] == "y" ? "CONFIG_VFIO_GROUP=y\n" : "# CONFIG_VFIO_GROUP is not set\n"
                        config += container == "vfio" ? "CONFIG_VFIO_CONTAINER=y\nCONFIG_VFIO_IOMMU_TYPE1=m\n" : "# CONFIG_VFIO_CONTAINER is not set\n"
                        if container == "iommufd" { config += "CONFIG_IOMMUFD_VFIO_CONTAINER=y\n" }
                        config += wants["noiommu"] == "y" ? "CONFIG_VFIO_NOIOMMU=y\n" : "# CONFIG_VFIO_NOIOMMU is not set\n"
                        config += cdev ? "CONFIG_VFIO_DEVICE_CDEV=y\n" : "# CONFIG_VFIO_DEVICE_CDEV is not set\n"
                        config += iommufd ? "CONFIG_IOMMUFD=m\n" : "# CONFIG_IOMMUFD is not set\n"
                        if noiommuCdev { config += "CONFIG_IOMMUFD_NOIOMMU=y\n" }
                        let features = VFIOFeatures(config: KernelConfig(text: config))
                        if !kernels.contains(features) { kernels.append(features) }
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
        }
        let dead = Self.table.rules.filter { !reached.contains($0.line) }.map { "line \($0.line): \($0.scenario) | \($0.step)" }
        #expect(dead.isEmpty, "\(dead.count) rows no step reaches:\n\(dead.joined(separator: "\n"))")
    }
}
