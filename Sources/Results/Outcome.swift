/// What one cell came to. The order is severity order: a merged or summarised
/// result takes the worst outcome seen.
public enum Outcome: String, Codable, Sendable, CaseIterable, Comparable {
    case pass, skip, fail, hang, crash, error

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Outcome, b: Outcome) -> Bool { a.rank < b.rank }

    /// pass and skip are fine; error is the harness's fault, the rest the kernel's.
    public var isProblem: Bool { self != .pass && self != .skip }

    /// The kernel's fault: what kills a mutant (an error is the harness's).
    public var isKernelFault: Bool { self == .fail || self == .hang || self == .crash }
}
