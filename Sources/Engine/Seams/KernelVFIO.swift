import Host
import Results
import SystemPackage
import VFIO

/// The running kernel's VFIO files: the `VFIO` handles, and for the
/// CAP_SYS_RAWIO checks a child of this binary that dropped the capability
/// (the open is judged at open(2), by the opening process's credentials).
public struct KernelVFIO: VFIOFiles {
    /// This binary, re-run as the unprivileged child.
    public var executable: String

    public init(executable: String) { self.executable = executable }

    public func openGroup(_ path: String) throws(Errno) -> any GroupFile { try Group.open(FilePath(path)) }
    public func openContainer(_ path: String) throws(Errno) -> any ContainerFile { try Container.open(FilePath(path)) }
    public func openDevice(_ path: String) throws(Errno) -> any DeviceFile { try Device.open(FilePath(path)) }
    public func openIOMMUFD(_ path: String) throws(Errno) -> any IOMMUFDFile { try IOMMUFD.open(FilePath(path)) }

    public func openWithoutRawIO(_ path: String) throws(EngineError) -> String {
        let result: ProcessResult
        do {
            result = try Subprocess.run(GuestProtocol.openUnprivileged(path, executable: executable), timeout: 10)
        } catch {
            throw .unprivilegedChild("could not start the unprivileged child: \(error)")
        }
        let answer = String(result.output.split(separator: "\n").last ?? "")
        guard !result.timedOut, !answer.isEmpty else {
            throw .unprivilegedChild("unprivileged child gave no answer (status \(result.status)): \(result.output)")
        }
        return answer
    }
}

extension Group: GroupFile {
    public func setContainer(_ container: any VFIOFile) throws(Errno) { try setContainer(Container(fd: container.fd)) }
    public func openDevice(named name: String) throws(Errno) -> any DeviceFile { try device(named: name) }
}

extension Container: ContainerFile {}

extension Device: DeviceFile {
    public func bind(to iommufd: any IOMMUFDFile) throws(Errno) -> UInt32 { try bind(to: IOMMUFD(fd: iommufd.fd)) }
}

extension IOMMUFD: IOMMUFDFile {}
