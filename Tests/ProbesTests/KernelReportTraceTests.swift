@testable import Results
import Testing
@testable import Probes

/// The RIP and call trace a report derives from its excerpt, on real guest logs.
@Suite struct KernelReportTraceTests {
    static func reports(_ fixture: String) throws -> [KernelReport] {
        KernelLogClassifier.reports(in: KernelLogClassifierTests.expectation(in: try Fixture.text("kmsg/" + fixture)).log)
    }

    static let lkdtmTrace = [
        "lkdtm_do_action+0x10/0x20 [lkdtm]", "direct_entry+0x84/0xd0 [lkdtm]", "full_proxy_write+0x48/0x70",
        "vfs_write+0xb7/0x370", "? handle_mm_fault+0xa9/0x170", "ksys_write+0x56/0xd0", "do_syscall_64+0x4c/0x100",
        "entry_SYSCALL_64_after_hwframe+0x4b/0x53",
    ]

    @Test func aNullDereferenceReadsHeadlineRIPThenTrace() throws {
        let report = try #require(Self.reports("captured-exception.txt").first)
        #expect(report.rip == "lkdtm_EXCEPTION+0x0/0x10 [lkdtm]")
        #expect(report.ripLine == "RIP: lkdtm_EXCEPTION+0x0 [lkdtm]")
        // The user-mode "RIP: 0033:0x47b7a0" and registers inside <TASK> are not frames.
        #expect(report.callTrace == Self.lkdtmTrace)
        #expect(Array(report.summaryLines.prefix(3)) == [
            "BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "RIP: lkdtm_EXCEPTION+0x0 [lkdtm]", "Call Trace:",
        ])
        #expect(report.summaryLines.last == "frames not decoded: no build was recorded to decode them with")
    }

    @Test(arguments: [
        ("captured-bug.txt", "lkdtm_BUG+0x0/0x10 [lkdtm]"),
        ("captured-warning.txt", "lkdtm_WARNING+0xa/0x10 [lkdtm]"),
        ("captured-softlockup.txt", "lkdtm_SOFTLOCKUP+0x2/0x10 [lkdtm]"),
    ])
    func everyRegisterDumpNamesItsRIP(fixture: String, rip: String) throws {
        let report = try #require(Self.reports(fixture).first)
        #expect(report.rip == rip)
        #expect(report.callTrace == Self.lkdtmTrace)
    }

    @Test func reportsWithoutRegistersHaveATraceButNoRIP() throws {
        let hung = try #require(Self.reports("captured-hung-task.txt").first)
        #expect(hung.rip == nil)
        #expect(hung.callTrace.prefix(3) == ["__schedule+0x266/0x570", "schedule+0x1b/0x90", "lkdtm_HUNG_TASK+0x15/0x20 [lkdtm]"])
        let panic = try #require(Self.reports("captured-panic.txt").first)
        #expect(panic.rip == nil)
        #expect(panic.callTrace.first == "panic+0x2e3/0x300")
        #expect(panic.summaryLines[1] == "Call Trace:")
    }

    @Test func everyCapturedReportWithATraceHasFrames() throws {
        for fixture in KernelLogClassifierTests.fixtures where fixture.hasPrefix("captured-") {
            for report in try Self.reports(fixture) where report.excerpt.contains(where: { $0.hasSuffix("Call Trace:") }) {
                #expect(!report.callTrace.isEmpty, "\(fixture): \(report.headline)")
                #expect(report.callTrace.allSatisfy { $0.contains("+0x") }, "\(fixture): \(report.callTrace)")
            }
        }
    }

    @Test func decodedFramesCarryTheirLocationAndPartialDecodingSaysSo() throws {
        var report = try #require(Self.reports("captured-exception.txt").first)
        report.decoded = [
            FrameLocation(frame: "lkdtm_EXCEPTION+0x0/0x10 [lkdtm]", location: "drivers/misc/lkdtm/bugs.c:264"),
            FrameLocation(frame: "handle_mm_fault+0xa9/0x170", location: "mm/memory.c:6049"),
        ]
        let lines = report.summaryLines
        #expect(lines[1] == "RIP: lkdtm_EXCEPTION+0x0 [lkdtm] drivers/misc/lkdtm/bugs.c:264")
        #expect(lines.contains(" ? handle_mm_fault+0xa9/0x170 mm/memory.c:6049"))
        #expect(lines.contains(" vfs_write+0xb7/0x370"))
        #expect(!lines.contains { $0.hasPrefix("frames not decoded") })
        report.undecoded = "6 of 8 frames not placed by scripts/decode_stacktrace.sh"
        #expect(report.summaryLines.last == "frames not decoded: 6 of 8 frames not placed by scripts/decode_stacktrace.sh")
    }

    @Test func onlyPrintedFramesAreFrames() {
        #expect(KernelReport.frame("vfs_write+0xb7/0x370") == "vfs_write+0xb7/0x370")
        #expect(KernelReport.frame("__vfio_register_dev+0x68/0x1e0 [vfio]") == "__vfio_register_dev+0x68/0x1e0 [vfio]")
        #expect(KernelReport.frame("0033:0x47b7a0") == nil)
        #expect(KernelReport.frame("Code: 40 00 48") == nil)
        #expect(KernelReport.frame("<TASK>") == nil)
        #expect(KernelReport.short("__vfio_register_dev+0x68/0x1e0 [vfio]") == "__vfio_register_dev+0x68 [vfio]")
    }
}
