import SystemPackage

/// Why a probe could not read what the running kernel exposes.
public enum ProbeError: Error, CustomStringConvertible, Equatable {
    /// Neither /proc/config.gz nor the /boot copy exists.
    case noConfig(tried: [String])
    case unreadable(path: String, errno: Errno)

    public var description: String {
        switch self {
        case let .noConfig(tried):
            "no kernel config found (tried \(tried.joined(separator: ", "))); "
                + "build the kernel with CONFIG_IKCONFIG=y and CONFIG_IKCONFIG_PROC=y, "
                + "or install its .config as /boot/config-<release>"
        case let .unreadable(path, errno):
            "\(path): \(errno)"
        }
    }
}
