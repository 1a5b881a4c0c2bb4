import CSupport
import SystemPackage

/// An iommufd context, /dev/iommu.
public struct IOMMUFD: Sendable {
    public let fd: FileDescriptor

    public init(fd: FileDescriptor) { self.fd = fd }

    public static func open(_ path: FilePath = "/dev/iommu") throws(Errno) -> IOMMUFD {
        IOMMUFD(fd: try .openNode(path))
    }

    /// Allocates an empty I/O address space; returns its object id.
    public func allocateIOAS() throws(Errno) -> UInt32 {
        var alloc = cs_iommu_ioas_alloc()
        alloc.size = UInt32(MemoryLayout<cs_iommu_ioas_alloc>.size)
        _ = try fd.ioctl(VFIORequest.iommuIOASAlloc, &alloc)
        return alloc.out_ioas_id
    }

    /// Destroys any iommufd object by id; EBUSY while something still uses it.
    public func destroy(_ id: UInt32) throws(Errno) {
        var destroy = cs_iommu_destroy()
        destroy.size = UInt32(MemoryLayout<cs_iommu_destroy>.size)
        destroy.id = id
        _ = try fd.ioctl(VFIORequest.iommuDestroy, &destroy)
    }

    public func close() throws(Errno) {
        try fd.closeNode()
    }
}
