import Foundation
import Testing
@testable import Reports
@testable import Results

/// A crash's evidence in every renderer: the headline, the RIP, then the
/// call trace, each frame with its file:line when the build was decoded.
@Suite struct CrashEvidenceTests {
    static let headline = "BUG: kernel NULL pointer dereference, address: 0000000000000040"

    static let report = KernelReport(kind: .oops, headline: headline, excerpt: [
        headline,
        "#PF: supervisor read access in kernel mode",
        "Oops: Oops: 0000 [#1] SMP NOPTI",
        "RIP: 0010:iommu_group_ref_get+0x4/0x20",
        "Code: 00 00 00",
        "RSP: 0018:ffffc900001d7c08 EFLAGS: 00010246",
        "Call Trace:",
        " <TASK>",
        " vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio]",
        " __vfio_register_dev+0x68/0x1e0 [vfio]",
        " ? kernfs_add_one+0xe0/0x110",
        " vfio_pci_core_register_device+0x1d5/0x230 [vfio_pci_core]",
        " </TASK>",
        "Modules linked in: vfio_pci vfio_pci_core vfio",
    ], decoded: [
        FrameLocation(frame: "iommu_group_ref_get+0x4/0x20", location: "drivers/iommu/iommu.c:1024"),
        FrameLocation(frame: "vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio]",
                      location: "drivers/vfio/group.c:573 < drivers/vfio/group.c:691"),
        FrameLocation(frame: "__vfio_register_dev+0x68/0x1e0 [vfio]", location: "drivers/vfio/vfio_main.c:298"),
    ], undecoded: "2 of 5 frames not placed by scripts/decode_stacktrace.sh")

    static func cell(_ scenario: String) -> Cell {
        Cell(variant: "legacy", topology: .noiommu, scenario: scenario, outcome: .crash,
             evidence: Evidence(reason: "the guest died during this cell", kernelReports: [report]), duration: 1, kernel: "6.12.117")
    }

    static let document = ResultsDocument(cells: [cell("toggle/after-bind"), cell("toggle/loop-during-bind-unbind")])

    /// The lines from `first` on, as many as `expected` has.
    static func section(_ text: String, from first: String, count: Int) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasSuffix(first) }) else { return [] }
        return Array(lines[start...].prefix(count))
    }

    @Test func evidenceLinesPutHeadlineRIPAndDecodedTraceBeforeTheLog() {
        let lines = EvidenceLines.lines(for: Self.cell("toggle/after-bind"))
        let expected = [
            "kernel oops: \(Self.headline)",
            "  RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1024",
            "  Call Trace:",
            "   vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio] drivers/vfio/group.c:573 < drivers/vfio/group.c:691",
            "   __vfio_register_dev+0x68/0x1e0 [vfio] drivers/vfio/vfio_main.c:298",
            "   ? kernfs_add_one+0xe0/0x110",
            "   vfio_pci_core_register_device+0x1d5/0x230 [vfio_pci_core]",
            "  frames not decoded: 2 of 5 frames not placed by scripts/decode_stacktrace.sh",
            "  log:",
            "    \(Self.headline)",
        ]
        #expect(Self.section(lines.joined(separator: "\n"), from: "kernel oops: \(Self.headline)", count: expected.count) == expected)
    }

    @Test func theMailShowsTheTraceOnceWithinItsWidth() {
        let mail = MailReport.render(Self.document)
        let lines = mail.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 72 }, "\(lines.filter { $0.count > 72 })")
        let expected = [
            "  CRASH 6.12.117/legacy/noiommu/toggle/after-bind",
            "    oops: BUG: kernel NULL pointer dereference, address:",
            "    0000000000000040",
            "    RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1024",
            "    Call Trace:",
            "     vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio]",
            "         drivers/vfio/group.c:573 < drivers/vfio/group.c:691",
            "     __vfio_register_dev+0x68/0x1e0 [vfio] drivers/vfio/vfio_main.c:298",
            "     ? kernfs_add_one+0xe0/0x110",
            "     vfio_pci_core_register_device+0x1d5/0x230 [vfio_pci_core]",
            "    frames not decoded: 2 of 5 frames not placed by",
            "    scripts/decode_stacktrace.sh",
            "  CRASH 6.12.117/legacy/noiommu/toggle/loop-during-bind-unbind",
            "    oops: BUG: kernel NULL pointer dereference, address:",
            "    0000000000000040",
            "    (the same RIP and call trace as above)",
        ]
        #expect(Self.section(mail, from: "CRASH 6.12.117/legacy/noiommu/toggle/after-bind", count: expected.count) == expected)
    }

    @Test func theTableShowsTheTraceUnderTheProblem() {
        let table = TerminalTable.render(Self.document, color: false)
        let expected = [
            "6.12.117/legacy/noiommu/toggle/after-bind: CRASH: oops: \(Self.headline)",
            "  RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1024",
            "  Call Trace:",
            "   vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio] drivers/vfio/group.c:573 < drivers/vfio/group.c:691",
        ]
        #expect(Self.section(table, from: expected[0], count: expected.count) == expected)
        #expect(table.contains("  (the same RIP and call trace as above)"))
    }

    @Test func htmlShowsTheSummaryAndKeepsTheLog() {
        let html = HTMLReport.render(Self.document)
        #expect(html.contains("RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1024\nCall Trace:\n vfio_group_find_or_alloc+0x1c5/0x3d0 [vfio] drivers/vfio/group.c:573 &lt; drivers/vfio/group.c:691"))
        #expect(html.contains("<p>log:</p><pre>\(Self.headline)\n#PF: supervisor read access"))
    }

    @Test func junitAndKTAPCarryTheDecodedFrames() {
        #expect(JUnitReport.render(Self.document).contains("   __vfio_register_dev+0x68/0x1e0 [vfio] drivers/vfio/vfio_main.c:298"))
        #expect(KTAPReport.render(Self.document).contains("#   RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1024"))
    }

    @Test func theJSONFormKeepsTheDecodingAndCellsWithoutItStillRead() throws {
        let line = try CellStream.line(for: Self.cell("toggle/after-bind"))
        #expect(try CellStream.cells(in: line, file: "-").first?.evidence.kernelReports == [Self.report])
        let plain = Cell(variant: "legacy", topology: .noiommu, scenario: "toggle/after-bind", outcome: .crash,
                         evidence: Evidence(kernelReports: [KernelReport(kind: .oops, headline: "Oops", excerpt: ["Oops"])]))
        let old = try CellStream.line(for: plain)
        #expect(!old.contains("decoded") && !old.contains("undecoded"))
        #expect(try CellStream.cells(in: old, file: "-").first == plain)
    }
}

/// The real thing: mutant 17's NULL dereference as a guest printed it and
/// as the host decoded it with the tree's decode_stacktrace.sh.
@Suite struct DecodedCrashFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func cell() throws -> Cell {
        let text = try String(contentsOf: fixtures.appendingPathComponent("decoded/mutant-17-cell.json"), encoding: .utf8)
        return try JSONDecoder().decode(Cell.self, from: Data(text.utf8))
    }

    @Test func theMailReadsLikeTheKernelsReportWithFileAndLine() throws {
        let mail = MailReport.render(ResultsDocument(cells: [try Self.cell()]))
        let expected = [
            "  CRASH 6.12.117/legacy/noiommu/toggle/after-bind",
            "    oops: BUG: kernel NULL pointer dereference, address:",
            "    0000000000000040",
            "    RIP: iommu_group_ref_get+0x4 drivers/iommu/iommu.c:1341",
            "    Call Trace:",
            "     vfio_create_group+0x110/0x200 [vfio]",
            "         drivers/vfio/group.c:575 < drivers/vfio/group.c:590",
            "     vfio_device_set_group+0x197/0x1c0 [vfio]",
            "         drivers/vfio/group.c:696 < drivers/vfio/group.c:711",
            "     __vfio_register_dev+0x5c/0x110 [vfio] drivers/vfio/vfio_main.c:336",
        ]
        #expect(CrashEvidenceTests.section(mail, from: expected[0], count: expected.count) == expected)
        #expect(mail.split(separator: "\n").allSatisfy { $0.count <= 72 })
        #expect(!mail.contains("frames not decoded"))
    }

    @Test func theDecodedReportIsTheOneTheClassifierFindsInTheConsole() throws {
        let report = try #require(try Self.cell().evidence.kernelReports.first)
        #expect(report.rip == "iommu_group_ref_get+0x4/0x20")
        #expect(report.callTrace.count == 20)
        #expect(report.callTrace.allSatisfy { report.location(of: $0) != nil })
        #expect(report.undecoded == nil)
    }
}
