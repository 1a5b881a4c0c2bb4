/// One call the harness made into the kernel, as the wrapper that made it
/// saw it: enough to make the same call again from C (`KernelCallRecorder`).
/// Descriptors are the numbers the harness held; a replay maps each one a
/// call returned to its own.
public enum KernelCall: Codable, Sendable, Equatable {
    /// open(2) of a VFIO or iommufd node; `fd` is what it returned.
    case open(path: String, flags: Int32, fd: Int32?)
    case close(fd: Int32)
    /// A sysfs attribute written the way `echo >` does: open, one write, close.
    case write(path: String, value: String)
    /// A sysfs or procfs file read whole.
    case read(path: String)
    case access(path: String)
    case readlink(path: String)
    case list(directory: String)
    /// An ioctl whose argument points at these bytes (a uapi struct, or an
    /// fd for SET_CONTAINER); `fdOffset` is where a descriptor sits in them.
    case ioctl(fd: Int32, request: UInt, argument: [UInt8], fdOffset: Int?)
    /// An ioctl whose argument is a NUL-terminated string; `returned` the fd it gave.
    case ioctlString(fd: Int32, request: UInt, string: String, returned: Int32?)
    case ioctlValue(fd: Int32, request: UInt, value: UInt)
    /// eventfd(2), its count 0, close-on-exec; `fd` is what it returned.
    case eventfd(fd: Int32?)
    /// poll(2) of one descriptor for input, for at most `milliseconds`:
    /// answers 1 once it is readable, 0 at the timeout.
    case poll(fd: Int32, milliseconds: Int32)
    /// finit_module of the module's file (its dependencies already loaded).
    case loadModule(name: String, path: String, parameters: String)
    /// delete_module(2), O_NONBLOCK as rmmod without --force.
    case removeModule(name: String)
    /// The calling thread gave up a capability (CAP_SYS_RAWIO, 17) from its
    /// effective and permitted sets: Linux judges its later calls without it.
    case dropCapability(Int32)
}

/// A call, what the kernel answered (the value returned, or -errno; nil:
/// it never returned) and the kernel's id of the thread that made it.
public struct KernelCallRecord: Codable, Sendable, Equatable {
    public var call: KernelCall
    public var answer: Int?
    public var thread: Int32
    /// What the kernel gave back besides the answer: a read's bytes, or an
    /// ioctl's argument as the call left it (GET_STATUS's flags live there).
    public var output: [UInt8]?
    /// How many calls had been noted when it answered, when others were made
    /// while it was in the kernel (an unbind that waited for a close made
    /// meanwhile); nil when none were.
    public var answeredAfter: Int?

    public init(_ call: KernelCall, answer: Int?, thread: Int32 = 0, output: [UInt8]? = nil, answeredAfter: Int? = nil) {
        self.call = call
        self.answer = answer
        self.thread = thread
        self.output = output
        self.answeredAfter = answeredAfter
    }
}
