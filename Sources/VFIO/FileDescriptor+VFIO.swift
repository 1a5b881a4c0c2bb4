import CSupport
import Glibc
import Host
import Results
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
        let opened = recorded(.open(path: path.string, flags: O_RDWR, fd: nil)) { () throws(Errno) in try open(path.string, O_RDWR).rawValue }
        return FileDescriptor(rawValue: try opened.get())
    }

    func closeNode() throws(Errno) {
        _ = try recorded(.close(fd: rawValue)) { () throws(Errno) in try syscall(retryingInterrupts: false) { Glibc.close(rawValue) } }.get()
    }

    /// An ioctl whose argument is a uapi struct the kernel reads and may
    /// write back; `fdAt` is the byte offset of a descriptor in it, which a
    /// replay of the call must give its own.
    func ioctl<Argument>(_ request: UInt, _ argument: inout Argument, fdAt: Int? = nil) throws(Errno) -> Int32 {
        // The bytes as asked: the kernel may write over them.
        let call = KernelCallRecorder.isRecording
            ? KernelCall.ioctl(fd: rawValue, request: request, argument: withUnsafeBytes(of: argument, Array.init), fdOffset: fdAt) : nil
        return try recorded(call, output: { withUnsafeBytes(of: argument, Array.init) }) { () throws(Errno) in
            try syscall(retryingInterrupts: false) { withUnsafeMutablePointer(to: &argument) { cs_ioctl_ptr(rawValue, request, $0) } }
        }.get()
    }

    /// An ioctl whose argument is a NUL-terminated string (VFIO_GROUP_GET_DEVICE_FD).
    func ioctl(_ request: UInt, string: String) throws(Errno) -> Int32 {
        // The kernel only reads the string; the C prototype just isn't const.
        try recorded(.ioctlString(fd: rawValue, request: request, string: string, returned: nil)) { () throws(Errno) in
            try syscall(retryingInterrupts: false) {
                string.withCString { cs_ioctl_ptr(rawValue, request, UnsafeMutableRawPointer(mutating: $0)) }
            }
        }.get()
    }

    /// An ioctl whose argument is passed by value, or ignored.
    func ioctl(_ request: UInt, value: UInt = 0) throws(Errno) -> Int32 {
        try recorded(.ioctlValue(fd: rawValue, request: request, value: value)) { () throws(Errno) in
            try syscall(retryingInterrupts: false) { cs_ioctl_int(rawValue, request, value) }
        }.get()
    }
}

/// Makes the call and tells the thread's recorder what it asked and got;
/// a call that returns a descriptor has it filled in.
/// `output` reads what the call left in its argument, after it.
/// The call is noted before it is made (an open or ioctl can block in the
/// kernel for good) and completed after.
func recorded(_ call: KernelCall?, output: () -> [UInt8]? = { nil }, _ body: () throws(Errno) -> Int32) -> Result<Int32, Errno> {
    let index = call.flatMap { KernelCallRecorder.begin($0) }
    let result = Result { () throws(Errno) in try body() }
    if let call, let index { KernelCallRecorder.complete(index, answer: result.answer, call: returning(call, result), output: output()) }
    return result
}

private func returning(_ call: KernelCall, _ result: Result<Int32, Errno>) -> KernelCall {
    guard case let .success(fd) = result else { return call }
    switch call {
    case let .open(path, flags, _): return .open(path: path, flags: flags, fd: fd)
    case let .ioctlString(on, request, string, _): return .ioctlString(fd: on, request: request, string: string, returned: fd)
    case .eventfd: return .eventfd(fd: fd)
    default: return call
    }
}

private extension Result where Success == Int32, Failure == Errno {
    var answer: Int {
        switch self {
        case let .success(value): Int(value)
        case let .failure(error): -Int(error.rawValue)
        }
    }
}
