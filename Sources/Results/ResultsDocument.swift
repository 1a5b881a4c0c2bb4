import FoundationEssentials

/// A whole run: what it ran against and every cell, in matrix order.
/// This is the `--format json` document and the `--results FILE` file.
public struct ResultsDocument: Codable, Sendable, Equatable {
    public var schema: Int
    public var run: RunInfo
    public var cells: [Cell]

    public init(run: RunInfo = RunInfo(), cells: [Cell]) {
        self.schema = ResultsSchema.version
        self.run = run
        self.cells = cells.sorted { $0.key < $1.key }
    }

    /// kselftest's codes: 2 any harness error, 1 any fail, crash or hang,
    /// 4 nothing was tested (no cell passed: all skipped, not available or
    /// dropped), 0 at least one cell passed and none went wrong.
    public var exitStatus: Int32 {
        if cells.contains(where: { $0.outcome == .error }) { return 2 }
        if cells.contains(where: { $0.outcome.isProblem }) { return 1 }
        return cells.contains { $0.outcome == .pass } ? 0 : ExitStatus.nothingTested
    }

    /// Why nothing was tested, each reason once with how many cells it
    /// covers, most first; empty when something passed or went wrong (a
    /// crash or a build failure is a finding, which the report lists).
    public var untestedReasons: [String] {
        guard !cells.contains(where: { $0.outcome == .pass || $0.outcome.isProblem }) else { return [] }
        var counts: [String: Int] = [:]
        for cell in cells { counts[cell.evidence.summary.isEmpty ? cell.outcome.rawValue : cell.evidence.summary, default: 0] += 1 }
        if cells.isEmpty { return ["no cells"] }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) cells: \($0.key)" }
    }

    /// One cell per key: two cells for the same place mean the file was
    /// stitched together wrongly, and either could be the one a gate reads.
    public static func checkUnique(_ cells: [Cell], file: String) throws(ResultsError) {
        var seen = Set<CellKey>()
        for cell in cells where !seen.insert(cell.key).inserted {
            throw ResultsError.duplicateCell(file: file, key: cell.key.description)
        }
    }

    public func count(_ outcome: Outcome) -> Int { cells.filter { $0.outcome == outcome }.count }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data, from file: String) throws(ResultsError) -> ResultsDocument {
        let document: ResultsDocument
        do {
            document = try JSONDecoder().decode(ResultsDocument.self, from: data)
        } catch {
            throw ResultsError.unreadable(file: file, reason: "\(error)")
        }
        guard document.schema <= ResultsSchema.version else {
            throw ResultsError.newerSchema(file: file, found: document.schema)
        }
        guard document.schema >= 1 else { throw ResultsError.badSchema(file: file, found: document.schema) }
        var migrated = document
        for index in migrated.cells.indices {
            migrated.cells[index].schema = min(migrated.cells[index].schema, document.schema)
            migrated.cells[index].migrate()
        }
        try ResultsDocument.checkUnique(migrated.cells, file: file)
        return ResultsDocument(run: migrated.run, cells: migrated.cells)
    }
}
