import CSupport
import SystemPackage

/// A VFIO group node: /dev/vfio/N, or /dev/vfio/noiommu-N in noiommu mode.
public struct Group: Sendable {
    public let fd: FileDescriptor

    public init(fd: FileDescriptor) { self.fd = fd }

    public static func open(_ path: FilePath) throws(Errno) -> Group {
        Group(fd: try .openNode(path))
    }

    public func status() throws(Errno) -> GroupStatus {
        var status = cs_vfio_group_status()
        status.argsz = UInt32(MemoryLayout<cs_vfio_group_status>.size)
        _ = try fd.ioctl(VFIORequest.groupGetStatus, &status)
        return GroupStatus(rawValue: status.flags)
    }

    public func setContainer(_ container: Container) throws(Errno) {
        // The uapi takes a pointer to the container fd, not the fd itself.
        var containerFD = container.fd.rawValue
        _ = try fd.ioctl(VFIORequest.groupSetContainer, &containerFD, fdAt: 0)
    }

    public func unsetContainer() throws(Errno) {
        _ = try fd.ioctl(VFIORequest.groupUnsetContainer)
    }

    /// Opens a device of this group by its name in the group's sysfs
    /// `devices/` directory, for PCI the address ("0000:00:03.0").
    public func device(named name: String) throws(Errno) -> Device {
        Device(fd: FileDescriptor(rawValue: try fd.ioctl(VFIORequest.groupGetDeviceFD, string: name)))
    }

    public func close() throws(Errno) {
        try fd.closeNode()
    }
}
