import SystemPackage
import VFIO

/// The three files of the group path to one device.
struct GroupPath {
    enum File: String { case device, group, container }

    var group: Group
    /// A container, or on kernels without one the iommufd standing in for it.
    var container: FileDescriptor
    var device: Device

    subscript(file: File) -> FileDescriptor {
        switch file {
        case .device: device.fd
        case .group: group.fd
        case .container: container
        }
    }
}
