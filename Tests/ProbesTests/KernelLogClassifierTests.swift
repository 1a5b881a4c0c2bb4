import Foundation
import Results
import Testing
@testable import Probes

@Suite struct KernelLogClassifierTests {
    /// Every Fixtures/kmsg/*.txt whose first line is "# expect: ...". Captured
    /// logs join the check just by being added with that header.
    static let fixtures: [String] = {
        let directory = Fixture.root.appendingPathComponent("kmsg")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().filter { name in
            let text = (try? Fixture.text("kmsg/" + name)) ?? ""
            return text.hasPrefix("# expect: ")
        }
    }()

    static func expectation(in text: String) -> (kinds: [KernelReportKind?], log: [String]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines.removeFirst().dropFirst("# expect: ".count).trimmingCharacters(in: .whitespaces)
        let kinds = header == "none" ? [] : header.split(separator: ",").map {
            KernelReportKind(rawValue: $0.trimmingCharacters(in: .whitespaces))
        }
        return (kinds, lines)
    }

    @Test(arguments: fixtures)
    func findsExactlyTheExpectedReports(fixture: String) throws {
        let (kinds, log) = Self.expectation(in: try Fixture.text("kmsg/" + fixture))
        #expect(!kinds.contains(nil), "unknown kind in the header of \(fixture)")
        let reports = KernelLogClassifier.reports(in: log)
        #expect(reports.map(\.kind) == kinds.compactMap { $0 },
                "\(fixture): \(reports.map { "\($0.kind.rawValue): \($0.headline)" })")
        for report in reports {
            #expect(report.excerpt.first == report.headline)
            #expect(report.excerpt.count <= 40)
        }
        // "# title: ..." lines give the titles of the first reports, in order.
        let titles = log.filter { $0.hasPrefix("# title: ") }.map { String($0.dropFirst("# title: ".count)) }
        #expect(Array(reports.prefix(titles.count).map(\.title)) == titles, "\(fixture)")
    }

    /// The checkers' kinds are classified from what a real guest printed,
    /// not only from format strings.
    @Test func everyCheckerKindHasARealCapture() throws {
        var captured = Set<KernelReportKind>()
        for fixture in Self.fixtures where fixture.hasPrefix("captured-") {
            captured.formUnion(Self.expectation(in: try Fixture.text("kmsg/" + fixture)).kinds.compactMap { $0 })
        }
        let checkers: Set<KernelReportKind> = [.kasan, .kfence, .lockdep, .sleepInAtomic, .ubsan, .listCorruption, .odebug]
        #expect(checkers.subtracting(captured).isEmpty, "no capture of \(checkers.subtracting(captured).map(\.rawValue).sorted())")
    }

    @Test func fixturesCoverEveryKind() throws {
        var covered = Set<KernelReportKind>()
        for fixture in Self.fixtures {
            covered.formUnion(Self.expectation(in: try Fixture.text("kmsg/" + fixture)).kinds.compactMap { $0 })
        }
        #expect(covered == Set(KernelReportKind.allCases))
        #expect(Self.fixtures.contains("format-benign-vfio.txt"))
    }

    @Test func reportsARefcountWarningOnceWithTheSpecificKind() throws {
        let reports = KernelLogClassifier.reports(in: [
            "[   41.000000] ------------[ cut here ]------------",
            "[   41.000001] refcount_t: underflow; use-after-free.",
            "[   41.000002] WARNING: CPU: 1 PID: 245 at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110",
            "[   41.000003] Modules linked in: vfio_pci vfio_pci_core vfio",
            "[   41.000004] ---[ end trace 0000000000000000 ]---",
            "[   41.000005] RIP: 0010:refcount_warn_saturate+0xba/0x110",
            "[   42.000000] WARNING: CPU: 0 PID: 246 at drivers/vfio/vfio_main.c:493 vfio_assert_device_open+0x2d/0x40 [vfio]",
        ])
        #expect(reports.map(\.kind) == [.refcount, .warning])
        let refcount = try #require(reports.first)
        #expect(refcount.headline == "refcount_t: underflow; use-after-free.")
        #expect(refcount.excerpt == [
            "refcount_t: underflow; use-after-free.",
            "WARNING: CPU: 1 PID: 245 at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110",
            "Modules linked in: vfio_pci vfio_pci_core vfio",
            "---[ end trace 0000000000000000 ]---",
        ])
    }

    @Test func aLateWarningIsItsOwnIncident() {
        let lines = ["refcount_t: saturated; leaking memory."]
            + Array(repeating: " some_function+0x1/0x2", count: 20)
            + ["WARNING: CPU: 0 PID: 1 at kernel/foo.c:1 foo+0x1/0x2"]
        #expect(KernelLogClassifier.reports(in: lines).map(\.kind) == [.refcount, .warning])
    }

    @Test func aBugAndItsOopsAreOneIncident() {
        let reports = KernelLogClassifier.reports(in: [
            "kernel BUG at drivers/misc/lkdtm/bugs.c:105!",
            "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",
            "---[ end trace 0000000000000000 ]---",
            "Oops: general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#2] PREEMPT SMP NOPTI",
        ])
        #expect(reports.map(\.kind) == [.bug, .oops])
        #expect(reports.first?.excerpt.count == 3)
    }

    @Test func readsKmsgMessagesThatSpanSeveralLines() {
        let messages = [
            "\n============================================",
            "WARNING: possible recursive locking detected",
            "6.12.117-vfio-conformance #1 Not tainted",
            "\nother info that might help us debug this:\n",
        ]
        let reports = KernelLogClassifier.reports(in: messages)
        #expect(reports.map(\.kind) == [.lockdep])
        #expect(reports.first?.excerpt.count == 5)
    }

    @Test func stripsConsolePrefixes() {
        let reports = KernelLogClassifier.reports(in: [
            "[    1.234567][    T1] BUG: scheduling while atomic: swapper/0/1/0x00000002\r",
            "<4>[   12.000000] UBSAN: shift-out-of-bounds in drivers/vfio/pci/vfio_pci_config.c:100:5",
        ])
        #expect(reports.map(\.kind) == [.sleepInAtomic, .ubsan])
        #expect(reports.first?.headline == "BUG: scheduling while atomic: swapper/0/1/0x00000002")
    }

    @Test func capsTheExcerpt() {
        let lines = ["INFO: task sh:238 blocked for more than 20 seconds."]
            + Array(repeating: " __schedule+0x3f4/0xb40", count: 100)
        let reports = KernelLogClassifier.reports(in: lines)
        #expect(reports.count == 1)
        #expect(reports.first?.excerpt.count == 40)
    }

    @Test func thePanicEndMarkerIsNotASecondPanic() {
        let reports = KernelLogClassifier.reports(in: [
            "Kernel panic - not syncing: Fatal exception",
            "Kernel Offset: disabled",
            "---[ end Kernel panic - not syncing: Fatal exception ]---",
        ])
        #expect(reports.map(\.kind) == [.panic])
        #expect(reports.first?.excerpt.count == 3)
    }

    /// A data race with a VFIO frame fails its cell; one in the timer code is a note.
    @Test func aKCSANReportCountsOnlyWithAVFIOFrame() throws {
        let (_, log) = Self.expectation(in: try Fixture.text("kmsg/format-kcsan.txt"))
        let (findings, noted) = KernelLogClassifier.findings(in: log)
        #expect(findings.map(\.headline) == ["BUG: KCSAN: data-race in param_attr_store / vfio_group_find_or_alloc"])
        #expect(noted.map(\.headline) == ["BUG: KCSAN: data-race in tick_nohz_idle_stop_tick / tick_sched_timer"])
        let oops = KernelLogClassifier.reports(in: ["BUG: kernel NULL pointer dereference, address: 0000000000000008"])
        #expect(!oops.isEmpty && oops.allSatisfy { $0.isFinding }, "every other kind fails wherever its frames are")
    }

    @Test(arguments: [
        "vfio-pci 0000:00:04.0: Adding to iommu group 0",
        "VFIO - User Level meta-driver version: 0.3",
        "vfio-pci 0000:00:04.0: Adding kernel taint for vfio-noiommu group on device",
        "vfio-noiommu: module verification failed: signature and/or required key missing - tainting kernel",
        "Disabling lock debugging due to kernel taint",
        "Warning: unable to open an initial console.",
        "Speculative Return Stack Overflow: WARNING: kernel not compiled with MITIGATION_SRSO.",
        "WARNING: kernel not compiled with MITIGATION_SRSO.",
        "INFO: lockdep is turned off.",
        "rcu: INFO: Stall ended before state dump start",
        "[   41.000000] kernel: BUG and WARNING are words in this message",
        "list_add(): nothing wrong here",
    ])
    func ignoresBenignLines(line: String) {
        #expect(KernelLogClassifier.reports(in: [line]).isEmpty)
    }
}
