import Results

/// JUnit XML for CI systems that archive and chart test results: one suite
/// per variant/topology pair, one test case per scenario.
public enum JUnitReport {
    public static func render(_ document: ResultsDocument) -> String {
        let matrix = Matrix(document)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"\(Markup.escape(document.run.tool))\" \(counts(document.cells))>",
        ]
        for column in matrix.columns {
            let cells = matrix.cells(in: column)
            lines.append("  <testsuite name=\"\(Markup.escape(column.name))\" \(counts(cells))>")
            lines += cells.flatMap(testcase(for:)).map { "    " + $0 }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// JUnit counts crashes and hangs as failures: they are the kernel's
    /// fault, while errors are the harness's.
    private static func counts(_ cells: [Cell]) -> String {
        let failures = cells.filter { [.fail, .crash, .hang].contains($0.outcome) }.count
        let errors = cells.filter { $0.outcome == .error }.count
        let skipped = cells.filter { $0.outcome == .skip }.count
        let time = FixedPoint.format(cells.map(\.duration).reduce(0, +), decimals: 3)
        return "tests=\"\(cells.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(time)\""
    }

    private static func testcase(for cell: Cell) -> [String] {
        let kernel = cell.kernel.map { "\($0)." } ?? ""
        let classname = Markup.escape("vfio-conformance.\(kernel)\(cell.key.variantLabel).\(cell.topology)")
        let open = "<testcase classname=\"\(classname)\" name=\"\(Markup.escape(cell.scenario))\" time=\"\(FixedPoint.format(cell.duration, decimals: 3))\""
        let message = Markup.escape(EvidenceLines.summary(of: cell))
        let body = Markup.escape(EvidenceLines.lines(for: cell).joined(separator: "\n"))
        switch cell.outcome {
        case .pass:
            return [open + "/>"]
        case .skip:
            return [open + ">", "  <skipped message=\"\(message)\"/>", "</testcase>"]
        case .fail, .crash, .hang:
            return [open + ">", "  <failure message=\"\(message)\" type=\"\(cell.outcome.rawValue)\">\(body)</failure>", "</testcase>"]
        case .error:
            return [open + ">", "  <error message=\"\(message)\" type=\"error\">\(body)</error>", "</testcase>"]
        }
    }
}
