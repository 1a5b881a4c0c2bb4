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

    /// Maps `length` bytes of this process at `userVA` to exactly `iova`,
    /// readable and writeable.
    public func map(ioas: UInt32, userVA: UInt64, length: UInt64, iova: UInt64) throws(Errno) {
        var map = cs_iommu_ioas_map()
        map.size = UInt32(MemoryLayout<cs_iommu_ioas_map>.size)
        map.flags = CS_IOMMU_IOAS_MAP_FIXED_IOVA | CS_IOMMU_IOAS_MAP_READABLE | CS_IOMMU_IOAS_MAP_WRITEABLE
        map.ioas_id = ioas
        map.user_va = userVA
        map.length = length
        map.iova = iova
        _ = try fd.ioctl(VFIORequest.iommuIOASMap, &map)
    }

    /// Unmaps [iova, iova + length); returns the bytes the kernel unmapped.
    public func unmap(ioas: UInt32, iova: UInt64, length: UInt64) throws(Errno) -> UInt64 {
        var unmap = cs_iommu_ioas_unmap()
        unmap.size = UInt32(MemoryLayout<cs_iommu_ioas_unmap>.size)
        unmap.ioas_id = ioas
        unmap.iova = iova
        unmap.length = length
        _ = try fd.ioctl(VFIORequest.iommuIOASUnmap, &unmap)
        return unmap.length
    }

    /// The noiommu PA query under its command number `command` (the tree
    /// under test says which): the physical address of `iova` and how many
    /// bytes from it are physically contiguous, at most `length`. `flags`
    /// and `reserved` are sent as given, so a scenario can ask what the
    /// kernel does with bits it does not know. A kernel without the query
    /// answers ENOTTY.
    public func physicalAddress(command: UInt8, ioas: UInt32, iova: UInt64, length: UInt64,
                                flags: UInt32, reserved: UInt32) throws(Errno) -> (phys: UInt64, length: UInt64) {
        var query = cs_iommu_ioas_noiommu_get_pa()
        query.size = UInt32(MemoryLayout<cs_iommu_ioas_noiommu_get_pa>.size)
        query.flags = flags
        query.ioas_id = ioas
        query.reserved = reserved
        query.iova = iova
        query.length = length
        _ = try fd.ioctl(VFIORequest.iommufd(command: command), &query)
        return (query.out_phys, query.length)
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
