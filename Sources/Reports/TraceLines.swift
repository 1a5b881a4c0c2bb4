import Results

/// The RIP and call trace under a problem's one-line summary in the table
/// and the mail, so a crash reads like the kernel's report: headline (the
/// summary line), RIP, then the frames with their file:line. A report
/// already shown for an earlier cell (a guest that crashed the same way in
/// every cell) is not repeated.
struct TraceLines {
    private var shown: Set<[String]> = []

    /// The lines for `cell`'s kernel reports after their headline, indented
    /// by `indent`; with a width, a frame whose location does not fit on its
    /// line carries it on the next, indented further, and longer lines are cut.
    mutating func lines(for cell: Cell, indent: String, width: Int? = nil) -> [String] {
        var lines: [String] = []
        for (index, report) in cell.evidence.kernelReports.enumerated() {
            let body = Array(report.summary.dropFirst())
            if body.isEmpty { continue }
            // The problem's summary line names only the first report.
            if index > 0 { lines += fit("kernel \(report.kind.rawValue): \(report.headline)", indent: indent, width: width) }
            guard shown.insert([report.headline] + report.summaryLines).inserted else {
                lines += fit("(the same RIP and call trace as above)", indent: indent, width: width)
                continue
            }
            for line in body {
                let whole = line.location.map { line.text + " " + $0 } ?? line.text
                if let width, let location = line.location, PlainText.clean(indent + whole).count > width {
                    lines += fit(line.text, indent: indent, width: width) + fit(location, indent: indent + "     ", width: width)
                } else {
                    lines += fit(whole, indent: indent, width: width)
                }
            }
        }
        return lines
    }

    /// A frame is cut rather than wrapped (its text has no spaces to wrap
    /// at); a sentence (why frames were not decoded) is wrapped.
    private func fit(_ line: String, indent: String, width: Int?) -> [String] {
        guard let width else { return [PlainText.clean(indent + line)] }
        if line.contains(" "), !line.hasPrefix(" "), PlainText.clean(indent + line).count > width {
            return PlainText.wrap(line, width: width, indent: indent)
        }
        return [PlainText.truncate(indent + line, width: width)]
    }
}
