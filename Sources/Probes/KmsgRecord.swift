/// One record read from /dev/kmsg.
public struct KmsgRecord: Sendable, Equatable {
    /// The syslog severity, 0 (emerg) to 7 (debug).
    public var level: Int
    public var sequence: UInt64
    /// Time since boot.
    public var microseconds: UInt64
    /// The text, with the kernel's \xNN escapes undone; a record printed as
    /// several lines (lockdep does that) keeps its newlines.
    public var message: String

    public init(level: Int, sequence: UInt64, microseconds: UInt64, message: String) {
        self.level = level
        self.sequence = sequence
        self.microseconds = microseconds
        self.message = message
    }

    /// Parses "pri,seq,usec,flags[,more];message". Returns nil for anything
    /// else, including the " KEY=value" lines that may follow a record.
    public init?(line: String) {
        guard let semicolon = line.firstIndex(of: ";") else { return nil }
        let fields = line[..<semicolon].split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 4, let priority = Int(fields[0]), let sequence = UInt64(fields[1]),
              let microseconds = UInt64(fields[2]) else { return nil }
        var text = line[line.index(after: semicolon)...]
        if text.last == "\n" { text = text.dropLast() }
        self.init(level: priority & 7, sequence: sequence, microseconds: microseconds,
                  message: Self.unescaped(text))
    }

    /// The kernel writes control bytes, bytes >= 0x7f and backslash as \xNN.
    private static func unescaped(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.first == UInt8(ascii: "x"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
