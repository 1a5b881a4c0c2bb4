import Glibc
import Host
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

    /// Each page's physical address as /proc/self/pagemap tells it (bits
    /// 0-54 the PFN, bit 63 present; the PFN reads 0 without
    /// CAP_SYS_ADMIN), nil for a page not present: what the noiommu PA
    /// query should agree with.
    public func physicalAddresses() throws(Errno) -> [UInt64?] {
        let page = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let pagemap = try FileDescriptor.open("/proc/self/pagemap", O_RDONLY)
        defer { try? pagemap.close() }
        var entries = [UInt64](repeating: 0, count: length / Int(page))
        let offset = off_t(address / page * 8)
        let read = try syscall { entries.withUnsafeMutableBytes { pread(pagemap.rawValue, $0.baseAddress, $0.count, offset) } }
        guard read == entries.count * 8 else { throw .ioError }
        return entries.map { $0 >> 63 == 1 ? ($0 & (1 << 55 - 1)) * page : nil }
    }

    /// How many bytes from the first page on are physically contiguous:
    /// the run the PA query reports for the mapping's first IOVA.
    public static func contiguousBytes(from pages: [UInt64?], page: UInt64) -> UInt64 {
        guard let first = pages.first ?? nil else { return 0 }
        let following = pages.dropFirst().enumerated().prefix { $0.element == first + UInt64($0.offset + 1) * page }.count
        return UInt64(following + 1) * page
    }

    deinit { munmap(base, length) }
}
