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
    /// it last stood, after those of the cells before it that ran on the
    /// stack it found (back to the one that loaded it); nil when it streamed
    /// none. A torn last line (the guest died mid-write) is no cell's end.
    public static func log(of scenario: String, in text: String) -> CallLog? {
        // The call lines of each cell that made calls, the one in flight last.
        var cells: [[CallLine]] = [], current: [CallLine] = []
        let decoder = JSONDecoder()
        var whole = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        whole.removeLast()
        for line in whole where !line.isEmpty {
            if !line.hasPrefix(CellStream.callPrefix) {
                if !current.isEmpty { cells.append(current) }
                current = []
            } else if let decoded = try? decoder.decode(CallLine.self, from: Data(line.utf8)) {
                current.append(decoded)
            }
        }
        guard let first = current.first, first.cell == scenario else { return nil }
        var chain = [current]
        while chain[0].first?.stack != nil, let before = cells.popLast() { chain.insert(before, at: 0) }
        let records = chain.flatMap { lines in
            var answered: [Int: KernelCallRecord] = [:]
            for line in lines { answered[line.call] = line.record }
            return answered.keys.sorted().compactMap { answered[$0] }
        }
        return CallLog(records: records, stepEnds: [], thread: first.thread, device: first.device, stack: chain[0].first?.stack)
    }
}
