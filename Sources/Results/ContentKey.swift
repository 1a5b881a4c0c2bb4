/// A stable 64-bit FNV-1a digest, enough to key cached build artifacts and
/// the KCIDB ids of a run by what went into them (FoundationEssentials has
/// no cryptographic hash, and neither use needs one).
public struct ContentKey: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01b3
        }
        state ^= 0xff
        state &*= 0x0000_0100_0000_01b3
    }

    public static func of(_ text: String) -> String {
        var key = ContentKey()
        key.add(text)
        return key.hex
    }

    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
