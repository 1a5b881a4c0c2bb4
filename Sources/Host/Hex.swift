/// Lower-case hex the way sysfs and lspci print IDs and addresses.
enum Hex {
    /// Written digit by digit into the string's own storage: every sysfs
    /// path of a device formats its address, and under TCG the generic
    /// radix conversion and padding cost as much as a read.
    static func format(_ value: some UnsignedInteger & FixedWidthInteger, width: Int) -> String {
        let value = UInt64(value)
        let count = max(width, (64 - value.leadingZeroBitCount + 3) / 4, 1)
        return String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count {
                let shift = UInt64(4 * (count - 1 - index))
                buffer[index] = shift < 64 ? digits[Int((value >> shift) & 0xf)] : UInt8(ascii: "0")
            }
            return count
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// 1...`maxDigits` hex digits, optionally "0x"-prefixed (sysfs's vendor
    /// and device files are).
    /// By bytes too: a bind reads the device's IDs first.
    static func parse<T: FixedWidthInteger>(_ text: some StringProtocol, maxDigits: Int, as: T.Type = T.self) -> T? {
        var digits = Substring(text).utf8[...]
        if digits.starts(with: "0x".utf8) { digits = digits.dropFirst(2) }
        guard (1...min(maxDigits, 16)).contains(digits.count) else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard let nibble = nibble(byte) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return T(exactly: value)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
