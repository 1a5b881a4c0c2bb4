import Glibc
import SystemPackage

/// Anonymous memory to hand to IOMMU_IOAS_MAP: page aligned, touched so it
/// is backed, and unmapped from the process when released.
public final class PinnedBuffer: @unchecked Sendable {
    // Immutable after init; the memory itself belongs to the kernel's mapping.
    public let address: UInt64
    public let length: Int
    private let base: UnsafeMutableRawPointer

    public init(pages: Int) throws(Errno) {
        length = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let memory = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0),
              memory != MAP_FAILED else { throw Errno(rawValue: errno) }
        base = memory
        memset(base, 0x5a, length)
        address = UInt64(UInt(bitPattern: base))
    }

    deinit { munmap(base, length) }
}
