import Glibc
import SystemPackage

// The descriptor operations the harness uses, typed as the Errno the kernel
// returned: swift-system's own methods declare untyped `throws`.
extension FileDescriptor {
    /// open(2) with open(2)'s flags; always close-on-exec, so no fd leaks
    /// into a spawned child (a leaked device fd would make an unbind block).
    public static func open(_ path: String, _ flags: Int32, permissions: mode_t = 0o644) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try syscall { Glibc.open(path, flags | O_CLOEXEC, permissions) })
    }

    /// One read(2) into `buffer`; how many bytes it took, 0 at end of file.
    public func read(into buffer: inout [UInt8]) throws(Errno) -> Int {
        let descriptor = rawValue
        return try syscall { buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) } }
    }

    /// Everything up to end of file.
    public func readToEnd() throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try read(into: &chunk)
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// One write(2) of `bytes` from `start` on; it may take only part of them.
    public func write(_ bytes: [UInt8], from start: Int = 0) throws(Errno) -> Int {
        let descriptor = rawValue
        return try syscall { bytes[start...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } }
    }
}
