import Glibc
import SystemPackage

extension Errno {
    /// The symbolic name ("EBUSY"), which is how kernel developers read
    /// errors; swift-system's description is prose ("Device or resource busy").
    public var kernelName: String {
        kernelNames[rawValue] ?? "errno \(rawValue)"
    }
}

// At file scope because inside `extension Errno` the bare names resolve to
// swift-system's Errno aliases. Aliases (EWOULDBLOCK, ENOTSUP, EDEADLOCK)
// share a value with names listed here and are left out: the kernel source
// uses these spellings.
private let kernelNames: [CInt: String] = [
    EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR",
    EIO: "EIO", ENXIO: "ENXIO", E2BIG: "E2BIG", ENOEXEC: "ENOEXEC",
    EBADF: "EBADF", ECHILD: "ECHILD", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM",
    EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST",
    EXDEV: "EXDEV", ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR",
    EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOTTY: "ENOTTY",
    ETXTBSY: "ETXTBSY", EFBIG: "EFBIG", ENOSPC: "ENOSPC", ESPIPE: "ESPIPE",
    EROFS: "EROFS", EMLINK: "EMLINK", EPIPE: "EPIPE", EDOM: "EDOM",
    ERANGE: "ERANGE", EDEADLK: "EDEADLK", ENAMETOOLONG: "ENAMETOOLONG",
    ENOSYS: "ENOSYS", ENOTEMPTY: "ENOTEMPTY", ELOOP: "ELOOP",
    ENODATA: "ENODATA", ETIME: "ETIME", EOVERFLOW: "EOVERFLOW",
    EBADFD: "EBADFD", EOPNOTSUPP: "EOPNOTSUPP", EADDRINUSE: "EADDRINUSE",
    ETIMEDOUT: "ETIMEDOUT", EALREADY: "EALREADY", EINPROGRESS: "EINPROGRESS",
    ESTALE: "ESTALE", EDQUOT: "EDQUOT", ECANCELED: "ECANCELED",
    EOWNERDEAD: "EOWNERDEAD", ENOTRECOVERABLE: "ENOTRECOVERABLE",
    EHWPOISON: "EHWPOISON",
    // Kernel-internal codes (include/linux/errno.h) that must never reach
    // userspace; when one does, that is a kernel bug worth naming.
    512: "ERESTARTSYS", 513: "ERESTARTNOINTR", 514: "ERESTARTNOHAND",
    515: "ENOIOCTLCMD", 516: "ERESTART_RESTARTBLOCK", 517: "EPROBE_DEFER",
    518: "EOPENSTALE", 519: "ENOPARAM", 521: "EBADHANDLE", 522: "ENOTSYNC",
    523: "EBADCOOKIE", 524: "ENOTSUPP", 525: "ETOOSMALL", 526: "ESERVERFAULT",
    527: "EBADTYPE", 528: "EJUKEBOX", 529: "EIOCBQUEUED", 530: "ERECALLCONFLICT",
    531: "ENOGRACE",
]
