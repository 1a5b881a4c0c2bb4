import Glibc
import SystemPackage

/// Runs a call that answers -1 and sets errno on failure, the way
/// swift-system's own wrappers do, but with typed throws: callers keep the
/// kernel's Errno without a cast. errno is read at once, before any other
/// libc call can overwrite it. An interrupted call is made again unless the
/// caller wants to see EINTR.
public func syscall<Result: FixedWidthInteger>(retryingInterrupts: Bool = true,
                                               _ call: () -> Result) throws(Errno) -> Result {
    while true {
        let result = call()
        guard result == -1 else { return result }
        let error = Errno(rawValue: errno)
        guard retryingInterrupts, error == .interrupted else { throw error }
    }
}
