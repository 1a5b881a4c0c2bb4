
/// The kernel's taint mask (/proc/sys/kernel/tainted). Bit numbers and
/// letters follow taint_flags[] in kernel/panic.c.
public struct TaintFlags: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let proprietaryModule = TaintFlags(rawValue: 1 << 0)
    public static let forcedModule = TaintFlags(rawValue: 1 << 1)
    public static let cpuOutOfSpec = TaintFlags(rawValue: 1 << 2)
    public static let forcedRmmod = TaintFlags(rawValue: 1 << 3)
    public static let machineCheck = TaintFlags(rawValue: 1 << 4)
    public static let badPage = TaintFlags(rawValue: 1 << 5)
    /// Set by vfio for a noiommu group, among others.
    public static let user = TaintFlags(rawValue: 1 << 6)
    public static let die = TaintFlags(rawValue: 1 << 7)
    public static let overriddenACPITable = TaintFlags(rawValue: 1 << 8)
    public static let warning = TaintFlags(rawValue: 1 << 9)
    public static let crap = TaintFlags(rawValue: 1 << 10)
    public static let firmwareWorkaround = TaintFlags(rawValue: 1 << 11)
    public static let outOfTreeModule = TaintFlags(rawValue: 1 << 12)
    public static let unsignedModule = TaintFlags(rawValue: 1 << 13)
    public static let softLockup = TaintFlags(rawValue: 1 << 14)
    public static let livepatch = TaintFlags(rawValue: 1 << 15)
    public static let aux = TaintFlags(rawValue: 1 << 16)
    public static let randstruct = TaintFlags(rawValue: 1 << 17)
    public static let test = TaintFlags(rawValue: 1 << 18)

    /// Indexed by bit number.
    private static let bitLetters: [Character] = Array("PFSRMBUDAWCIOELKXTN")

    public static func read(procRoot: String = "/proc") throws(ProbeError) -> TaintFlags {
        try read(file: procRoot + "/sys/kernel/tainted")
    }

    /// The mask in `path`, a /proc/sys/kernel/tainted.
    public static func read(file path: String) throws(ProbeError) -> TaintFlags {
        try parse(TextFile.read(path), from: path)
    }

    /// The mask in `text`, as read from `path`.
    public static func parse(_ text: String, from path: String) throws(ProbeError) -> TaintFlags {
        // Up to the newline, by bytes: it is read after every race round.
        guard let mask = UInt64(Substring(text.utf8.prefix { $0 > 0x20 })) else {
            throw .unreadable(path: path, errno: .invalidArgument)
        }
        return TaintFlags(rawValue: mask)
    }

    /// The set flags' letters in bit order, e.g. "UW"; bits this table does
    /// not know show as "?".
    public var letters: String {
        var result = ""
        var remaining = rawValue
        var bit = 0
        while remaining != 0 {
            if remaining & 1 != 0 {
                result.append(bit < Self.bitLetters.count ? Self.bitLetters[bit] : "?")
            }
            remaining >>= 1
            bit += 1
        }
        return result
    }

    public var description: String { isEmpty ? "not tainted" : "tainted \(letters)" }
}
