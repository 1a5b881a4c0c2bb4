import FoundationEssentials

/// What each scenario should observe, as a table a reviewer can read and
/// change: `scenario | step | conditions | expected [| provenance]`, first
/// matching row wins. Conditions are `key=value` pairs joined by `,` (or `*`
/// for always) over the detected kernel features and the guest topology.
/// Provenance is `observed KERNEL,...[: SOURCE]` or `unverified: SOURCE`; a row
/// without one was observed on the kernels the project's baseline ran.
public struct ExpectationTable: Sendable {
    public var rules: [ExpectationRule]
    public var file: String

    public init(text: String, file: String) throws(EngineError) {
        self.file = file
        rules = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(Self.trimmed)
            guard fields.count == 4 || fields.count == 5, fields.allSatisfy({ !$0.isEmpty }) else {
                throw .expectations(file: file, line: index + 1,
                                    reason: "want 4 fields `scenario | step | conditions | expected` and an optional provenance, found \(fields.count)")
            }
            let provenance = try fields.count == 5 ? Self.provenance(fields[4], line: index + 1, file: file) : .observed([], source: nil)
            var conditions: [Fact: String] = [:]
            if fields[2] != "*" {
                for pair in fields[2].split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(Self.trimmed)
                    guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                        throw .expectations(file: file, line: index + 1,
                                            reason: "condition `\(pair)` is not key=value")
                    }
                    guard let fact = Fact(rawValue: kv[0]) else {
                        throw .expectations(file: file, line: index + 1,
                                            reason: "condition key `\(kv[0])` is not a detected fact; known: \(Fact.allCases.map(\.rawValue).sorted().joined(separator: ", "))")
                    }
                    guard fact.values.contains(kv[1]) else {
                        throw .expectations(file: file, line: index + 1,
                                            reason: "condition `\(kv[0])=\(kv[1])` can never hold; \(kv[0]) is one of \(fact.values.joined(separator: ", "))")
                    }
                    conditions[fact] = kv[1]
                }
            }
            rules.append(ExpectationRule(scenario: fields[0], step: fields[1], conditions: conditions,
                                         accepted: fields[3].split(separator: "/").map(Self.trimmed),
                                         line: index + 1, provenance: provenance))
        }
    }

    public static func load(_ path: String) throws(EngineError) -> ExpectationTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .expectations(file: path, line: 0, reason: "cannot read the file; pass --expectations FILE")
        }
        return try ExpectationTable(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// Rows no scenario step can ever reach: an earlier row for the same
    /// step covers every scenario this one names under weaker conditions,
    /// so first-match always stops there. Each pair is (shadowed, by).
    public var shadowedRows: [(row: ExpectationRule, by: ExpectationRule)] {
        rules.enumerated().compactMap { index, row in
            rules[..<index].first { earlier in
                earlier.step == row.step && earlier.covers(scenario: row.scenario)
                    && earlier.conditions.allSatisfy { row.conditions[$0.key] == $0.value }
            }.map { (row, $0) }
        }
    }

    public func rule(scenario: String, step: String, facts: [Fact: String]) -> ExpectationRule? {
        rules.first { $0.matches(scenario: scenario, step: step, facts: facts) }
    }

    private static func provenance(_ text: String, line: Int, file: String) throws(EngineError) -> ExpectationRule.Provenance {
        if text.hasPrefix("unverified:") {
            let source = trimmed(text.dropFirst("unverified:".count))
            guard !source.isEmpty else { throw .expectations(file: file, line: line, reason: "`unverified:` wants the source the row was read from") }
            return .unverified(source: source)
        }
        if text.hasPrefix("observed ") {
            let parts = text.dropFirst("observed ".count).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let source = parts.count == 2 ? trimmed(parts[1]) : nil
            guard source?.isEmpty != true else { throw .expectations(file: file, line: line, reason: "`observed KERNEL,...:` wants the source after the colon") }
            return .observed(parts[0].split(separator: ",").map(trimmed), source: source)
        }
        throw .expectations(file: file, line: line, reason: "provenance `\(text)`: want `observed KERNEL,...[: SOURCE]` or `unverified: SOURCE`")
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
