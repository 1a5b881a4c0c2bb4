import ArgumentParser
import FoundationEssentials
import Results

/// Reads a results document, or a cell journal (JSON Lines), by path.
enum ResultsFile {
    static func read(_ path: String) throws -> ResultsDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the file")
        }
        if path.hasSuffix(".jsonl") {
            return ResultsDocument(cells: try CellStream.cells(in: String(decoding: data, as: UTF8.self), file: path))
        }
        return try ResultsDocument.decode(data, from: path)
    }

    static func write(_ document: ResultsDocument, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: try document.encoded()) else {
            throw ValidationError("\(path): cannot write the file")
        }
    }
}
