import Results

/// Finds kernel reports (oops, BUG, WARNING, sanitizer and lockdep reports,
/// hangs, panics) in kernel log text, one report per incident.
public enum KernelLogClassifier {
    /// Lines an excerpt keeps, headline included: no report runs longer.
    public static let excerptLimit = 40
    /// How many lines may separate a specific headline from the generic one
    /// the kernel prints next for the same incident (a page fault prints
    /// #PF and page-table lines before "Oops:").
    private static let followUpWindow = 8

    /// The reports that fail a cell (`KernelReport.isFinding`), and the others.
    public static func findings(in lines: [String]) -> (findings: [KernelReport], noted: [KernelReport]) {
        let all = reports(in: lines)
        return (all.filter(\.isFinding), all.filter { !$0.isFinding })
    }

    /// Whether `message` (a /dev/kmsg message or console line) holds a
    /// headline: every report begins at one, so lines without any can be
    /// told to hold no new report without classifying them.
    public static func hasHeadline(_ message: String) -> Bool {
        message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).contains { KernelLogHeadline(line: stripped($0)) != nil }
    }

    /// Lines may be /dev/kmsg messages (a message may hold several lines) or
    /// console lines with "[   12.345678] " timestamps.
    public static func reports(in lines: [String]) -> [KernelReport] {
        var reports: [KernelReport] = []
        var open: Incident?
        for line in lines.lazy.flatMap({ $0.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) }) {
            let text = stripped(line)
            if let headline = KernelLogHeadline(line: text) {
                if open?.absorb(headline, line: text) == true { continue }
                if let finished = open { reports.append(finished.report) }
                open = Incident(headline: headline, line: text)
            } else if open?.extend(with: text) == false {
                reports.append(open!.report)
                open = nil
            }
        }
        if let finished = open { reports.append(finished.report) }
        return reports
    }

    /// The log text without the console's "[   12.345678] " timestamp, a
    /// "[    T123] " caller id, a "<4>" level prefix or trailing whitespace.
    private static func stripped(_ line: Substring) -> Substring {
        var text = line
        if text.first == "<", let close = text.firstIndex(of: ">"),
           text[text.index(after: text.startIndex)..<close].allSatisfy(\.isNumber) {
            text = text[text.index(after: close)...]
        }
        while text.first == "[", let close = text.firstIndex(of: "]"),
              text[text.index(after: text.startIndex)..<close].allSatisfy(isTimeOrCaller) {
            text = text[text.index(after: close)...]
            if text.first == " " { text = text.dropFirst() }
        }
        return text.trimmedTrailing
    }

    /// Characters of "   12.345678" and "    T123" / "     C1": nothing in
    /// them is a letter but T (task) and C (CPU), unlike "[drm]" or "[<ffff...>]".
    private static func isTimeOrCaller(_ character: Character) -> Bool {
        character == " " || character == "." || character == "T" || character == "C" || character.isNumber
    }

    /// One report being collected.
    private struct Incident {
        var kind: KernelReportKind
        var headline: String
        var excerpt: [String]
        var expects: Set<KernelLogHeadline.FollowUp>
        var linesSinceHeadline = 0

        init(headline: KernelLogHeadline, line: Substring) {
            kind = headline.kind
            self.headline = String(line)
            excerpt = [String(line)]
            expects = headline.expects
        }

        var report: KernelReport { KernelReport(kind: kind, headline: headline, excerpt: excerpt) }

        /// Takes in a generic headline that continues this incident, keeping
        /// the first, more specific headline and kind.
        mutating func absorb(_ next: KernelLogHeadline, line: Substring) -> Bool {
            guard let role = next.asFollowUp, expects.contains(role),
                  linesSinceHeadline <= KernelLogClassifier.followUpWindow else { return false }
            append(line)
            expects = next.expects
            linesSinceHeadline = 0
            return true
        }

        /// Adds a body line; false once the report is complete: after its end
        /// marker (inclusive) or when the excerpt is full.
        mutating func extend(with line: Substring) -> Bool {
            append(line)
            linesSinceHeadline += 1
            return !Self.endsReport(line) && excerpt.count < KernelLogClassifier.excerptLimit
        }

        private mutating func append(_ line: Substring) {
            if excerpt.count < KernelLogClassifier.excerptLimit { excerpt.append(String(line)) }
        }

        /// "---[ end trace ... ]---", "---[ end Kernel panic ... ]---", and the
        /// rule of '=' that closes KASAN and SLUB reports.
        private static func endsReport(_ line: Substring) -> Bool {
            line.hasPrefix("---[ end ") || (line.count >= 20 && line.allSatisfy { $0 == "=" })
        }
    }
}
