import FoundationEssentials

/// One kernel call of the cell in flight, on the cell stream as it is made
/// (noted before a call that may block, again once it answers): what the
/// host has of a cell whose guest died, to write its reproducer from.
public struct CallLine: Codable, Sendable, Equatable {
    /// The scenario whose cell made it.
    public var cell: String
    /// Its place among the cell's calls: a later line of the same index is the call answered.
    public var call: Int
    public var record: KernelCallRecord
    public var device: String
    /// The kernel's id of the cell's own thread.
    public var thread: Int32
    /// The vfio parameters of the stack the cell found loaded.
    public var stack: String?

    public init(cell: String, call: Int, record: KernelCallRecord, device: String, thread: Int32, stack: String?) {
        self.cell = cell
        self.call = call
        self.record = record
        self.device = device
        self.thread = thread
        self.stack = stack
    }

    /// The calls `scenario`'s cell made after the stream's last cell, each as
    /// it last stood; nil when it streamed none. A torn last line (the guest
    /// died mid-write) is no cell's end.
    public static func log(of scenario: String, in text: String) -> CallLog? {
        var lines: [CallLine] = []
        let decoder = JSONDecoder()
        var whole = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        whole.removeLast()
        for line in whole where !line.isEmpty {
            if !line.hasPrefix(CellStream.callPrefix) {
                lines.removeAll()
            } else if let decoded = try? decoder.decode(CallLine.self, from: Data(line.utf8)), decoded.cell == scenario {
                lines.append(decoded)
            }
        }
        guard let first = lines.first else { return nil }
        var records: [Int: KernelCallRecord] = [:]
        for line in lines { records[line.call] = line.record }
        return CallLog(records: records.keys.sorted().compactMap { records[$0] }, stepEnds: [], thread: first.thread,
                       device: first.device, stack: first.stack)
    }
}
