import CSupport
import Glibc
import SystemPackage

// The three handle types share these so each ioctl wrapper is one call, and
// every failure reaches the caller as the exact Errno the kernel returned.
extension FileDescriptor {
    /// Opens a VFIO or iommufd node the way userspace drivers do: read-write,
    /// and never leaked into a child (the harness spawns helpers while devices
    /// are open, and a leaked device fd would block unbind).
    static func openNode(_ path: FilePath) throws(Errno) -> FileDescriptor {
        try typed { try FileDescriptor.open(path, .readWrite, options: .closeOnExec) }
    }

    func closeNode() throws(Errno) {
        try typed { try close() }
    }

    /// An ioctl whose argument is a uapi struct the kernel reads and may write back.
    func ioctl<Argument>(_ request: UInt, _ argument: inout Argument) throws(Errno) -> Int32 {
        try checked { withUnsafeMutablePointer(to: &argument) { cs_ioctl_ptr(rawValue, request, $0) } }
    }

    /// An ioctl whose argument is a NUL-terminated string (VFIO_GROUP_GET_DEVICE_FD).
    func ioctl(_ request: UInt, string: String) throws(Errno) -> Int32 {
        // The kernel only reads the string; the C prototype just isn't const.
        try checked { string.withCString { cs_ioctl_ptr(rawValue, request, UnsafeMutableRawPointer(mutating: $0)) } }
    }

    /// An ioctl whose argument is passed by value, or ignored.
    func ioctl(_ request: UInt, value: UInt = 0) throws(Errno) -> Int32 {
        try checked { cs_ioctl_int(rawValue, request, value) }
    }
}

/// Reads errno immediately after the call, before any other libc call can overwrite it.
private func checked(_ call: () -> Int32) throws(Errno) -> Int32 {
    let result = call()
    guard result == -1 else { return result }
    throw Errno(rawValue: Glibc.errno)
}

/// swift-system's open and close throw untyped errors but only ever throw Errno.
private func typed<Value>(_ body: () throws -> Value) throws(Errno) -> Value {
    do {
        return try body()
    } catch {
        throw error as! Errno
    }
}
