import SystemPackage

/// Why a host operation failed; each names the file, device or command and
/// keeps the kernel's errno.
public enum HostError: Error, CustomStringConvertible, Equatable {
    case open(path: String, errno: Errno)
    case read(path: String, errno: Errno)
    case write(path: String, value: String, errno: Errno)
    /// `available` lists what is there, so the user can pick one.
    case noDevice(selector: String, available: [String])
    case badSelector(String)
    case notBound(address: String)
    /// Neither edu nor pci-testdev, and not declared disposable.
    case notATestDevice(device: String, driver: String?)
    /// The machine relies on it: taking it would take a filesystem, swap,
    /// a network link or the console with it.
    case deviceInUse(device: String, uses: [DeviceUse])
    /// Every byte up to `written` went out; the rest did not.
    case stream(path: String, written: Int, total: Int, errno: Errno)
    case timedOut(operation: String, seconds: Double)
    case spawn(command: String, errno: Errno)
    case capability(number: Int32, errno: Errno)

    public var description: String {
        switch self {
        case let .open(path, errno):
            return "cannot open \(path): \(HostError.errnoText(errno))"
        case let .read(path, errno):
            return "cannot read \(path): \(HostError.errnoText(errno))\(HostError.attributeHint(errno))"
        case let .write(path, value, errno):
            return "writing '\(HostError.printable(value))' to \(path) failed: \(HostError.errnoText(errno))\(HostError.attributeHint(errno))"
        case let .noDevice(selector, available):
            let present = available.isEmpty
                ? "no PCI devices are present"
                : "present: " + available.joined(separator: ", ")
            return "no PCI device matches \(selector); \(present). Add one to the VM (QEMU: -device edu) "
                + "or select one of those present by address or vendor:device"
        case let .badSelector(text):
            return "'\(text)' is not a device selector: give a PCI address (0000:00:04.0 or 00:04.0), "
                + "vendor:device IDs in hex (1234:11e8 is edu, 1b36:0005 is pci-testdev), or auto"
        case let .notBound(address):
            return "device \(address) is not bound to the requested driver after probing: check dmesg for the "
                + "probe error and that the driver's module is loaded (vfio-pci refuses a device without an "
                + "IOMMU group unless vfio's enable_unsafe_noiommu_mode is Y)"
        case let .notATestDevice(device, driver):
            return "\(device) is not a test device (QEMU's edu 1234:11e8 or pci-testdev 1b36:0005): the harness "
                + "would take it\(driver.map { " from its driver \($0)" } ?? "") and hand it to vfio-pci, "
                + "and being in a VM does not make a device spare (on a cloud VM it may be the root disk). "
                + "Add a test device (QEMU: -device edu) and let the harness pick it, or, if this device is spare "
                + "and the machine may lose it until reboot, add --device-is-disposable to --device"
        case let .deviceInUse(device, uses):
            return "refusing to bind \(device): this machine is using it (\(uses.map(\.description).joined(separator: "; "))), "
                + "even with --device-is-disposable. Free it first (\(uses.map(\.remedy).joined(separator: "; "))) "
                + "or pick another device"
        case let .stream(path, written, total, errno):
            return "writing to \(path) failed after \(written) of \(total) bytes: \(HostError.errnoText(errno))"
                + (written > 0 ? "; its reader gets a torn line" : "")
        case let .timedOut(operation, seconds):
            return "\(operation) did not finish within \(seconds) s; its thread is left behind, blocked (in the kernel?)"
        case let .spawn(command, errno):
            let hint = errno == .noSuchFileOrDirectory ? ": not found; install it or give its full path" : ""
            return "cannot start '\(command)': \(HostError.errnoText(errno))\(hint)"
        case let .capability(number, errno):
            return "cannot drop capability \(number): \(HostError.errnoText(errno))"
                + (errno == .notPermitted ? "; dropping needs root with CAP_SETPCAP" : "")
        }
    }

    /// The kernel's errno when the failure is one: what a scenario observed.
    public var errno: Errno? {
        switch self {
        case let .open(_, errno), let .read(_, errno), let .write(_, _, errno), let .stream(_, _, _, errno),
             let .spawn(_, errno), let .capability(_, errno):
            errno
        case .noDevice, .badSelector, .notBound, .notATestDevice, .deviceInUse, .timedOut:
            nil
        }
    }

    private static func errnoText(_ errno: Errno) -> String {
        "\(errno) (errno \(errno.rawValue))"
    }

    /// What the errno usually means for a sysfs or procfs attribute.
    private static func attributeHint(_ errno: Errno) -> String {
        switch errno {
        case .noSuchFileOrDirectory: "; it does not exist (module not loaded or device absent?)"
        case .permissionDenied, .notPermitted: "; run as root"
        case .resourceBusy: "; the kernel reports it busy (device bound or open?)"
        case .invalidArgument: "; the kernel rejected the value"
        default: ""
        }
    }

    private static func printable(_ value: String) -> String {
        value.replacing("\n", with: "\\n")
    }
}
