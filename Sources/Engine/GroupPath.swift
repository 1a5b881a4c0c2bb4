/// The three files of the group path to one device.
struct GroupPath {
    enum File: String { case device, group, container }

    var group: any GroupFile
    /// A container, or on kernels without one the iommufd standing in for it.
    var container: any VFIOFile
    var device: any DeviceFile

    subscript(file: File) -> any VFIOFile {
        switch file {
        case .device: device
        case .group: group
        case .container: container
        }
    }
}
