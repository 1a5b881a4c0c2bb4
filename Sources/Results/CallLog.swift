/// The kernel calls a cell made, in order, kept when a run asks for them
/// (`--repro`): what the reproducer of any of its steps is written from, on
/// the host, after the run (a divergence's, whose cells both passed).
public struct CallLog: Codable, Sendable, Equatable {
    public var records: [KernelCallRecord]
    /// Where each step's calls end (an index into `records`), one per step of `Evidence.steps`.
    public var stepEnds: [Int]
    /// The kernel's id of the cell's own thread.
    public var thread: Int32
    /// The PCI address of the device the cell used.
    public var device: String
    /// The vfio parameters of the stack the cell found loaded; nil: it loaded its own.
    public var stack: String?

    public init(records: [KernelCallRecord], stepEnds: [Int], thread: Int32, device: String, stack: String?) {
        self.records = records
        self.stepEnds = stepEnds
        self.thread = thread
        self.device = device
        self.stack = stack
    }

    /// These calls made after `history`'s, from a machine with no stack
    /// loaded: the calls of the cells that ran on the stack this one found.
    public func after(_ history: [KernelCallRecord]) -> CallLog {
        guard !history.isEmpty else { return self }
        return CallLog(records: history + records, stepEnds: stepEnds.map { $0 + history.count }, thread: thread, device: device, stack: nil)
    }

    /// The calls of step `index`: from the end of the step before to its own.
    public func calls(ofStep index: Int) -> Range<Int>? {
        guard stepEnds.indices.contains(index) else { return nil }
        return (index > 0 ? stepEnds[index - 1] : 0)..<stepEnds[index]
    }
}
