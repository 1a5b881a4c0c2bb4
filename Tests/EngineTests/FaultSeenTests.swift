import Synchronization
import Testing
@testable import Engine

/// A race asks after every round whether the kernel reported a fault: the
/// answer reads only what is new, and still sees a report that began before.
@Suite struct FaultSeenTests {
    private func context(feeding batches: [[String]]) throws -> (ScenarioContext, KernelModel) {
        let model = try KernelModel(features: MatrixRunnerTests.legacy, iommuGroup: nil)
        let queue = Mutex(batches)
        let context = ScenarioContext(environment: model.environment(table: ExpectationCoverageTests.table, topology: .noiommu),
                                      scenario: "race/x", readKernelLog: { queue.withLock { $0.isEmpty ? [] : $0.removeFirst() } })
        return (context, model)
    }

    @Test func aReportAfterManyBenignLinesIsSeen() throws {
        let benign = (0 ..< 500).map { "vfio-pci 0000:00:04.0: Adding kernel taint for vfio-noiommu group on device \($0)" }
        let (context, model) = try context(feeding: [benign, benign, ["BUG: kernel NULL pointer dereference, address: 0000000000000008"]])
        defer { withExtendedLifetime(model) {} }
        #expect(!context.kernelLog.faultSeen())
        #expect(!context.kernelLog.faultSeen())
        #expect(context.kernelLog.faultSeen())
        #expect(context.kernelLog.faultSeen(), "a fault stays seen")
    }

    /// A KCSAN report whose VFIO frame arrives after the last look is a finding once it does.
    @Test func aReportCompletedAfterTheLastLookIsJudgedWhole() throws {
        let (context, model) = try context(feeding: [
            ["BUG: KCSAN: data-race in param_attr_store / x", "", "write to 0xffff of 1 bytes by task 1 on cpu 1:", " param_set_bool+0x2b/0x40"],
            ["read to 0xffff of 1 bytes by task 2 on cpu 0:", " vfio_group_find_or_alloc+0x2f/0x1d0 [vfio]"],
        ])
        defer { withExtendedLifetime(model) {} }
        #expect(!context.kernelLog.faultSeen(), "no VFIO frame yet")
        #expect(context.kernelLog.faultSeen())
    }
}
