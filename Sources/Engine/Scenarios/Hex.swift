/// An address or length as the kernel's headers and dmesg print them, for
/// an observation that did not match.
func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
