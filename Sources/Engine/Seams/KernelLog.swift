import Probes

/// Where the runner reads what the kernel logged during a cell; /dev/kmsg
/// through `KmsgWatcher` is the real one.
public protocol KernelLog: Sendable {
    /// The records logged since the last call.
    func drain() -> [KmsgRecord]
}

extension KmsgWatcher: KernelLog {}
