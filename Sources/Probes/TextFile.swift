import CSupport
import Glibc
import Host
import SystemPackage

/// Whole-file reads for /proc, /sys and /boot files, failing as a probe does.
enum TextFile {
    static func read(_ path: String) throws(ProbeError) -> String {
        do { return try SysFile.contents(path) } catch { throw .unreadable(path: path, errno: error) }
    }

    /// The decompressed text of a gzip file such as /proc/config.gz.
    static func gunzip(_ path: String) throws(ProbeError) -> String {
        var length = 0
        guard let buffer = cs_gunzip_file(path, &length) else {
            throw .unreadable(path: path, errno: Errno(rawValue: errno))
        }
        defer { free(buffer) }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
