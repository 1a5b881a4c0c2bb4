import ArgumentParser
import FoundationEssentials
import Glibc
import Results

/// Reads a results document, or a cell journal (JSON Lines), by path.
enum ResultsFile {
    /// `-` reads standard input.
    static func read(_ path: String) throws -> ResultsDocument {
        let data = path == "-" ? standardInput() : FileManager.default.contents(atPath: path)
        guard let data else {
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

    private static func standardInput() -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(0, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
        }
    }
}
