/// Something this machine relies on that a PCI device provides. Binding the
/// device to vfio-pci takes it away, so the harness refuses such a device
/// whatever the user says about it.
public enum DeviceUse: Sendable, Equatable, CustomStringConvertible {
    /// `block` names the mounted block device, and what it is stacked on
    /// when that is the PCI device's ("dm-0 on vdb1").
    case mounted(block: String, mountPoint: String)
    /// `file` is the swap area as /proc/swaps lists it.
    case swap(block: String, file: String)
    case interfaceUp(String)
    case console(String)

    public var description: String {
        switch self {
        case let .mounted(block, mountPoint): "\(block) is mounted at \(mountPoint)"
        case let .swap(block, file): "\(block) is swap (\(file))"
        case let .interfaceUp(name): "network interface \(name) is up"
        case let .console(name): "it provides the console \(name)"
        }
    }

    /// What frees it, for the refusal message.
    public var remedy: String {
        switch self {
        case let .mounted(_, mountPoint): "umount \(mountPoint)"
        case let .swap(_, file): "swapoff \(file)"
        case let .interfaceUp(name): "ip link set \(name) down"
        case let .console(name): "boot with the console on another device than \(name) (console=)"
        }
    }
}
