/// Faults of the harness or its input, as opposed to kernel misbehaviour.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case expectations(file: String, line: Int, reason: String)
    case notRoot
    case notAVirtualMachine
    /// A Ctrl-C or SIGTERM ended the run (exit 130).
    case interrupted

    public var description: String {
        switch self {
        case let .expectations(file, line, reason):
            line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
        case .notRoot:
            "vfio-conformance must run as root: it loads modules, binds devices and opens VFIO nodes"
        case .interrupted:
            "interrupted"
        case .notAVirtualMachine:
            "no hypervisor seen in /proc/cpuinfo or DMI: refusing to toggle unsafe noiommu mode and rebind devices on a real machine; run it in a VM (see --vm) or pass --allow-host if this machine is disposable"
        }
    }
}
