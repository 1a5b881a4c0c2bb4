import CSupport
import Glibc
import Results
import SystemPackage

/// The harness's own privileges: scenarios that need CAP_SYS_RAWIO to be
/// missing run on a thread that dropped it (`UnprivilegedThread`).
public enum Privilege {
    public static let capSysRawIO: Int32 = 17

    public static var isRoot: Bool { geteuid() == 0 }

    /// Whether the calling thread may use `capability` now (its effective set).
    public static func has(_ capability: Int32) -> Bool { cs_has_capability(capability) == 1 }

    /// Drops `capability` (a CAP_* number) from the bounding set and the
    /// effective, permitted and inheritable sets, so neither this process
    /// nor anything it executes gets it back.
    ///
    /// Linux keeps credentials per thread: this changes the calling thread
    /// and the threads it creates afterwards. Call it while the process is
    /// still single-threaded, first thing in main, before any Task runs.
    public static func dropCapability(_ capability: Int32) throws(HostError) {
        let answer = cs_drop_capability(capability) == 0 ? 0 : -Int(errno)
        KernelCallRecorder.note(.dropCapability(capability), answer: answer)
        guard answer == 0 else {
            throw .capability(number: capability, errno: Errno(rawValue: Int32(-answer)))
        }
    }
}
