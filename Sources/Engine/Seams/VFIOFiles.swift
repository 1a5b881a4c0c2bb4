import SystemPackage
import VFIO

/// The VFIO and iommufd files scenarios open, behind protocols so the
/// engine runs on the CPU against a model in tests. The kernel's are the
/// `VFIO` handles (`KernelVFIO`).
public protocol VFIOFiles: Sendable {
    func openGroup(_ path: String) throws(Errno) -> any GroupFile
    func openContainer(_ path: String) throws(Errno) -> any ContainerFile
    func openDevice(_ path: String) throws(Errno) -> any DeviceFile
    func openIOMMUFD(_ path: String) throws(Errno) -> any IOMMUFDFile
    func makeEventFD() throws(Errno) -> any EventFile
}

/// An open VFIO or iommufd file; its descriptor is its identity.
public protocol VFIOFile: Sendable {
    var fd: FileDescriptor { get }
    func close() throws(Errno)
}

public protocol GroupFile: VFIOFile {
    func status() throws(Errno) -> GroupStatus
    /// SET_CONTAINER takes a container, or an iommufd standing in for one.
    func setContainer(_ container: any VFIOFile) throws(Errno)
    func unsetContainer() throws(Errno)
    func openDevice(named name: String) throws(Errno) -> any DeviceFile
}

public protocol ContainerFile: VFIOFile {
    func apiVersion() throws(Errno) -> Int32
    func checkExtension(_ type: IOMMUType) throws(Errno) -> Int32
    func setIOMMU(_ type: IOMMUType) throws(Errno)
}

public protocol DeviceFile: VFIOFile {
    func info() throws(Errno) -> DeviceInfo
    func reset() throws(Errno)
    func bind(to iommufd: any IOMMUFDFile) throws(Errno) -> UInt32
    func attach(pageTable id: UInt32) throws(Errno) -> UInt32
    func detachPageTable() throws(Errno)
    /// VFIO_DEVICE_SET_IRQS of the request channel: `event` is signalled when the driver wants the device back.
    func setRequestTrigger(_ event: any EventFile) throws(Errno)
}

/// An eventfd a driver signals.
public protocol EventFile: VFIOFile {
    /// Whether it was signalled within `milliseconds`.
    func signalled(within milliseconds: Int32) throws(Errno) -> Bool
}

public protocol IOMMUFDFile: VFIOFile {
    func allocateIOAS() throws(Errno) -> UInt32
    func map(ioas: UInt32, userVA: UInt64, length: UInt64, iova: UInt64) throws(Errno)
    func unmap(ioas: UInt32, iova: UInt64, length: UInt64) throws(Errno) -> UInt64
    func physicalAddress(command: UInt8, ioas: UInt32, iova: UInt64, length: UInt64,
                         flags: UInt32, reserved: UInt32) throws(Errno) -> (phys: UInt64, length: UInt64)
    func destroy(_ id: UInt32) throws(Errno)
}

extension IOMMUFDFile {
    /// The PA query as a caller asks it: no flags, nothing reserved.
    func physicalAddress(command: UInt8, ioas: UInt32, iova: UInt64, length: UInt64) throws(Errno) -> (phys: UInt64, length: UInt64) {
        try physicalAddress(command: command, ioas: ioas, iova: iova, length: length, flags: 0, reserved: 0)
    }
}
