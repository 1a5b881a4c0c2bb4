import Glibc
import Results
import Testing
@testable import Lab

/// The remaining time comes from earlier runs' figures, scheduled as the lab
/// runs its guests, and never from a guess.
@Suite struct RunEstimateTests {
    private func cell(_ scenario: String, _ seconds: Double) -> Cell {
        Cell(variant: "legacy", topology: .noiommu, scenario: scenario, outcome: .pass, evidence: Evidence(), duration: seconds)
    }

    @Test func aCellTheCacheNeverTimedMeansNoEstimate() {
        let estimate = RunEstimate([.init(cells: ["a": 2, "b": nil], boot: 5)], jobs: 1)
        #expect(estimate.remaining(at: 0) == nil)
    }

    @Test func guestsShareTheSlotsInTheOrderTheyStart() {
        let guests: [RunEstimate.Guest] = [.init(cells: ["a": 10], boot: 5), .init(cells: ["a": 20], boot: 5), .init(cells: ["a": 1], boot: 5)]
        #expect(RunEstimate(guests, jobs: 1).remaining(at: 0) == 46)
        // Two slots: 15 and 25 run at once, the third guest follows the first.
        #expect(RunEstimate(guests, jobs: 2).remaining(at: 0) == 25)
    }

    @Test func aBootingGuestHasSpentPartOfItsBoot() {
        let estimate = RunEstimate([.init(cells: ["a": 10], boot: 5)], jobs: 1)
        estimate.started(0, at: 0)
        #expect(estimate.remaining(at: 3) == 12)
    }

    @Test func finishedCellsAndEndedGuestsLeaveTheSum() {
        let estimate = RunEstimate([.init(cells: ["a": 10, "b": 4], boot: 5), .init(cells: ["c": 7], boot: 2)], jobs: 1)
        estimate.started(0, at: 0)
        #expect(estimate.finished(cell("a", 10), guest: 0, at: 15) == 1)
        // b, then the second guest: 4 + 7 + 2.
        #expect(estimate.remaining(at: 15) == 13)
        estimate.ended(0)
        #expect(estimate.remaining(at: 19) == 9)
    }

    /// After a tenth of the cells, one never timed counts as the mean of
    /// those finished, and a boot never timed as the mean of this run's boots.
    @Test func anUntimedCellCountsAsTheMeanOnceATenthFinished() {
        var cells: [String: Double?] = ["new": nil]
        for index in 0 ..< 8 { cells["s\(index)"] = 1 }
        let estimate = RunEstimate([.init(cells: cells, boot: nil), .init(cells: ["x": 2], boot: nil)], jobs: 2)
        estimate.started(0, at: 0)
        estimate.started(1, at: 0)
        #expect(estimate.remaining(at: 0) == nil)
        // The first guest's first cell took 3 s after a 4 s boot.
        _ = estimate.finished(cell("s0", 3), guest: 0, at: 7)
        // Seven timed cells of 1 s and the new one at the mean, 3 s; the
        // second guest, booting longer than the mean boot, has its cell left.
        #expect(estimate.remaining(at: 7) == 10)
        #expect(estimate.verdict(endedAt: 17)?.contains("it said 10s left; the rest took 10s") == true)
    }

    @Test func timingsSurviveTheFileAndServeAnotherKernel() throws {
        let path = "/tmp/run-estimate-tests-\(getpid()).tsv"
        defer { LabFile.remove(path) }
        var timings = CellTimings()
        timings.record([cell("group/taint", 1.5)], boot: 4.25, kernel: "6.12.118", variant: "legacy", topology: .noiommu)
        try timings.save(path)
        let loaded = CellTimings.load(path)
        #expect(loaded.seconds(kernel: "6.12.118", variant: "legacy", topology: .noiommu, scenario: "group/taint") == 1.5)
        #expect(loaded.seconds(kernel: "7.3.4", variant: "legacy", topology: .noiommu, scenario: CellTimings.boot) == 4.25)
        #expect(loaded.seconds(kernel: "7.3.4", variant: "legacy", topology: .viommu, scenario: "group/taint") == nil)
    }
}
