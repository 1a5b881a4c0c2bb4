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
    /// Read a page at a time into a buffer nobody clears: a sysfs
    /// attribute is at most a page, and race rounds read several each.
    public func readToEnd() throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        let descriptor = rawValue
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { (chunk) throws(Errno) -> [UInt8] in
            while true {
                let count = try syscall { Glibc.read(descriptor, chunk.baseAddress, chunk.count) }
                if count == 0 { return bytes }
                bytes += chunk[..<count]
            }
        }
    }

    /// One write(2) of `bytes` from `start` on; it may take only part of them.
    public func write(_ bytes: [UInt8], from start: Int = 0) throws(Errno) -> Int {
        let descriptor = rawValue
        return try syscall { bytes[start...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } }
    }
}
