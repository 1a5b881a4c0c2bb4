/// Why a scenario stopped before its end. Thrown by the context's step
/// helpers; the runner turns it into the cell's outcome.
enum ScenarioStop: Error {
    /// A step observed something the expectation table does not accept.
    case mismatch(step: String, expected: String, observed: String, rule: ExpectationRule?)
    /// A step that can block in the kernel did not return: its thread sat
    /// in the kernel without running (`stuck` says where), or it ran out of
    /// time. `thread` is the kernel's id of the thread still in the call.
    case hang(step: String, seconds: Double, stuck: String? = nil, thread: Int32? = nil)
    /// The scenario does not apply to this kernel or topology.
    case skip(reason: String)
    /// The harness itself failed (no expectation row, a tool that did not run).
    case harness(String)
}
