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
            let text = String(decoding: data, as: UTF8.self)
            let cells = try CellStream.cells(in: text, file: path)
            // A torn last line is dropped, so garbage would read as an empty matrix.
            if cells.isEmpty && !text.allSatisfy(\.isWhitespace) { throw ResultsError.noCells(file: path) }
            try ResultsDocument.checkUnique(cells, file: path)
            return ResultsDocument(cells: cells)
        }
        return try ResultsDocument.decode(data, from: path)
    }

    static func write(_ document: ResultsDocument, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: try document.encoded()) else {
            throw ValidationError("\(path): cannot write the file")
        }
    }
}
