/// Lower-case hex the way sysfs and lspci print IDs and addresses.
enum Hex {
    static func format(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// 1...`maxDigits` hex digits, optionally "0x"-prefixed (sysfs's vendor
    /// and device files are).
    static func parse<T: FixedWidthInteger>(_ text: some StringProtocol, maxDigits: Int, as: T.Type = T.self) -> T? {
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : text[...]
        guard (1...maxDigits).contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        return T(digits, radix: 16)
    }
}
