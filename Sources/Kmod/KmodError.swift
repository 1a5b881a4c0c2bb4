import SystemPackage

/// Why a module operation failed; each names the module or directory and
/// says what to try next.
public enum KmodError: Error, CustomStringConvertible, Equatable {
    case modulesDirectory(path: String, reason: String)
    /// libkmod reports an unknown name as an empty lookup, not an error.
    case unknownModule(name: String, directory: String)
    case load(name: String, errno: Errno, reason: String)
    case remove(name: String, errno: Errno, reason: String)

    public var description: String {
        switch self {
        case let .modulesDirectory(path, reason):
            "kernel modules directory \(path): \(reason)"
        case let .unknownModule(name, directory):
            "module '\(name)' is not in \(directory) (neither modules.dep nor modules.builtin lists it): "
                + "check that the kernel config has it as =m or =y and that modules were installed "
                + "(make modules_install) for this kernel"
        case let .load(name, errno, reason):
            "cannot load module '\(name)': \(reason) (\(KmodError.errnoText(errno)))"
        case let .remove(name, errno, reason):
            "cannot remove module '\(name)': \(reason) (\(KmodError.errnoText(errno)))"
        }
    }

    /// The kernel's errno when the module call got one: what a scenario observed.
    public var errno: Errno? {
        switch self {
        case let .load(_, errno, _), let .remove(_, errno, _): errno
        case .modulesDirectory, .unknownModule: nil
        }
    }

    static func errnoText(_ errno: Errno) -> String {
        "errno \(errno.rawValue), \(errno)"
    }
}
