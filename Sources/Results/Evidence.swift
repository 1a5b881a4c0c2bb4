/// Why a cell has its outcome. Every field but `steps` is optional, so a
/// pass carries only what ran and a failure says where it went wrong.
public struct Evidence: Codable, Sendable, Equatable {
    /// The step that did not observe what was expected, or that hung.
    public var step: String?
    public var expected: String?
    public var observed: String?
    /// Why a cell was skipped or errored, in one sentence.
    public var reason: String?
    public var steps: [StepRecord]
    public var kernelReports: [KernelReport]
    /// Reports the cell does not fail on (`KernelReport.isFinding`): shown, not counted.
    public var notedReports: [KernelReport]?
    /// Invariants found broken after the cell (module left loaded, taint W ...).
    public var invariants: [String]
    /// The tail of the guest console, when the host had to record the cell.
    public var console: [String]?
    /// The failed step's row was never observed on a real kernel: the
    /// kernel may be right and the row wrong. Reports list these first.
    public var unverified: Bool?
    /// The calls of a failed, crashed or hung cell as a standalone program.
    public var reproducer: Reproducer?
    /// Every kernel call the cell made, when the run kept them (`--repro`).
    public var calls: CallLog?

    public init(step: String? = nil, expected: String? = nil, observed: String? = nil,
                reason: String? = nil, steps: [StepRecord] = [], kernelReports: [KernelReport] = [],
                invariants: [String] = [], console: [String]? = nil) {
        self.step = step
        self.expected = expected
        self.observed = observed
        self.reason = reason
        self.steps = steps
        self.kernelReports = kernelReports
        self.invariants = invariants
        self.console = console
    }

    /// One line that says the most about this evidence, for tables and mail.
    public var summary: String {
        if let report = kernelReports.first { return "\(report.kind.rawValue): \(report.title)" }
        if unverified == true, let step, let expected, let observed {
            return "expectation unverified: new behaviour or a bug, check it: \(step): expected \(expected), observed \(observed)"
        }
        if let step, let expected, let observed { return "\(step): expected \(expected), observed \(observed)" }
        if let step, let observed { return "\(step): \(observed)" }
        if let reason { return reason }
        if let broken = invariants.first { return "invariant: \(broken)" }
        return ""
    }
}
