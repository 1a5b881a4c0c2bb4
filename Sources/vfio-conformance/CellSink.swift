import ArgumentParser
import Glibc
import Results

/// The --stream target: one JSON line per cell, written with a single
/// write(2) as each cell finishes, so the reader never sees half a cell from
/// a guest that is still alive.
final class CellSink {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ValidationError("--stream \(path): cannot open (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    func write(_ cell: Cell) {
        guard let line = try? CellStream.line(for: cell) else { return }
        var bytes = Array(line.utf8)
        _ = Glibc.write(fd, &bytes, bytes.count)
    }
}
