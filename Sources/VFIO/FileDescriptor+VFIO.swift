import CSupport
import Glibc
import Host
import SystemPackage

// The three handle types share these so each ioctl wrapper is one call, and
// every failure reaches the caller as the exact Errno the kernel returned.
// The ioctls and close never retry EINTR: an interrupted call is an answer
// the scenario records (and a closed fd may already be reused).
extension FileDescriptor {
    /// Opens a VFIO or iommufd node the way userspace drivers do: read-write,
    /// and never leaked into a child (the harness spawns helpers while devices
    /// are open, and a leaked device fd would block unbind).
    static func openNode(_ path: FilePath) throws(Errno) -> FileDescriptor {
        try open(path.string, O_RDWR)
    }

    func closeNode() throws(Errno) {
        _ = try syscall(retryingInterrupts: false) { Glibc.close(rawValue) }
    }

    /// An ioctl whose argument is a uapi struct the kernel reads and may write back.
    func ioctl<Argument>(_ request: UInt, _ argument: inout Argument) throws(Errno) -> Int32 {
        try syscall(retryingInterrupts: false) { withUnsafeMutablePointer(to: &argument) { cs_ioctl_ptr(rawValue, request, $0) } }
    }

    /// An ioctl whose argument is a NUL-terminated string (VFIO_GROUP_GET_DEVICE_FD).
    func ioctl(_ request: UInt, string: String) throws(Errno) -> Int32 {
        // The kernel only reads the string; the C prototype just isn't const.
        try syscall(retryingInterrupts: false) {
            string.withCString { cs_ioctl_ptr(rawValue, request, UnsafeMutableRawPointer(mutating: $0)) }
        }
    }

    /// An ioctl whose argument is passed by value, or ignored.
    func ioctl(_ request: UInt, value: UInt = 0) throws(Errno) -> Int32 {
        try syscall(retryingInterrupts: false) { cs_ioctl_int(rawValue, request, value) }
    }
}
