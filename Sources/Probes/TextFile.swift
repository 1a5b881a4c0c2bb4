import Glibc
import CSupport

/// Whole-file reads for /proc, /sys and /boot files. Kept private to Probes
/// so this layer does not lean on Host's API while that is being written.
enum TextFile {
    static func read(_ path: String) throws(ProbeError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The decompressed text of a gzip file such as /proc/config.gz.
    static func gunzip(_ path: String) throws(ProbeError) -> String {
        var length = 0
        guard let buffer = cs_gunzip_file(path, &length) else {
            throw .unreadable(path: path, errno: errno)
        }
        defer { free(buffer) }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
