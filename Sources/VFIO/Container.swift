import SystemPackage

/// A legacy VFIO container, /dev/vfio/vfio (served by vfio itself or by
/// iommufd's compatibility layer, depending on the kernel configuration).
public struct Container: Sendable {
    public let fd: FileDescriptor

    public init(fd: FileDescriptor) { self.fd = fd }

    public static func open(_ path: FilePath = "/dev/vfio/vfio") throws(Errno) -> Container {
        Container(fd: try .openNode(path))
    }

    public func apiVersion() throws(Errno) -> Int32 {
        try fd.ioctl(VFIORequest.getAPIVersion)
    }

    /// Nonzero when the container supports `type`; not an error when it does not.
    public func checkExtension(_ type: IOMMUType) throws(Errno) -> Int32 {
        try fd.ioctl(VFIORequest.checkExtension, value: type.rawValue)
    }

    /// Only succeeds once a group has been added with `Group.setContainer`.
    public func setIOMMU(_ type: IOMMUType) throws(Errno) {
        _ = try fd.ioctl(VFIORequest.setIOMMU, value: type.rawValue)
    }

    public func close() throws(Errno) {
        try fd.closeNode()
    }
}
