import Foundation
import Testing
import Results

/// Topologies and variant names are typed in memory and plain names on the
/// wire, as when they were strings: documents written before still load,
/// and new ones say the same.
@Suite struct WireFormatTests {
    static let cell = Cell(variant: "iommufd-compat", topology: .viommu, scenario: "group/open-close", outcome: .pass, duration: 0.5,
                           kernel: "6.12.117")
    static let line = #"{"duration":0.5,"evidence":{"invariants":[],"kernelReports":[],"steps":[]},"kernel":"6.12.117","outcome":"pass","#
        + #""scenario":"group\/open-close","schema":3,"topology":"viommu","variant":"iommufd-compat"}"#

    @Test func aCellIsTheSameLine() throws {
        #expect(try CellStream.line(for: Self.cell) == Self.line + "\n")
        #expect(try CellStream.cells(in: Self.line, file: "t.jsonl") == [Self.cell])
    }

    @Test func aRunNamesItsVariantsAndTopologies() throws {
        let run = RunInfo(variants: [VariantInfo(name: "cdev-only", description: "d")], topologies: [.noiommu, .viommu], tool: "t")
        let document = ResultsDocument(run: run, cells: [])
        let text = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(text.contains(#""name" : "cdev-only""#))
        #expect(text.contains(#""topologies" : [\#n      "noiommu",\#n      "viommu"\#n    ]"#))
        #expect(try ResultsDocument.decode(document.encoded(), from: "run.json").run == run)
    }
}
