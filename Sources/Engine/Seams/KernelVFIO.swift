import SystemPackage
import VFIO

/// The running kernel's VFIO files: the `VFIO` handles. A scenario that
/// opens one without CAP_SYS_RAWIO does it on a thread that dropped the
/// capability: Linux judges the open by the calling thread's credentials.
public struct KernelVFIO: VFIOFiles {
    public init() {}

    public func openGroup(_ path: String) throws(Errno) -> any GroupFile { try Group.open(FilePath(path)) }
    public func openContainer(_ path: String) throws(Errno) -> any ContainerFile { try Container.open(FilePath(path)) }
    public func openDevice(_ path: String) throws(Errno) -> any DeviceFile { try Device.open(FilePath(path)) }
    public func openIOMMUFD(_ path: String) throws(Errno) -> any IOMMUFDFile { try IOMMUFD.open(FilePath(path)) }
    public func makeEventFD() throws(Errno) -> any EventFile { try EventFD.make() }
}

extension Group: GroupFile {
    public func setContainer(_ container: any VFIOFile) throws(Errno) { try setContainer(Container(fd: container.fd)) }
    public func openDevice(named name: String) throws(Errno) -> any DeviceFile { try device(named: name) }
}

extension Container: ContainerFile {}

extension Device: DeviceFile {
    public func bind(to iommufd: any IOMMUFDFile) throws(Errno) -> UInt32 { try bind(to: IOMMUFD(fd: iommufd.fd)) }
    public func setRequestTrigger(_ event: any EventFile) throws(Errno) { try setRequestTrigger(EventFD(fd: event.fd)) }
}

extension EventFD: EventFile {}

extension IOMMUFD: IOMMUFDFile {}
