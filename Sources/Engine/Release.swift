import Host
import Results

/// After a hang: whether the call that blocked returns once the cell lets
/// go of the kernel. First the cell's other threads end (a helper that
/// gives a file back after a deadline: closing its files under it would
/// act for it), then the cell's files are closed. A kernel that only waited
/// for the cell (an unbind waiting for a device fd) runs the next cell in
/// the same guest; one still blocked (a leaked registration, a mutex never
/// unlocked) is left as it is, and costs the few seconds this waited.
struct Release {
    /// How long the blocked call took to return after the hang was called; nil: it did not.
    var seconds: Double?
    /// The index in the cell's calls of the call that blocked, when it was recorded.
    var call: Int?
    /// What let it go.
    var cause = ""

    /// The cell's other threads get this long to end before its files are closed.
    static let othersGrace: Double = 3
    /// A call another thread let go returns at once: the time it gets once they ended.
    static let afterOthers: Double = 0.3
    /// A call the closes let go returns at once; one still blocked after this stays so.
    static let afterClose: Double = 1

    /// `thread` is the background call's still in the call.
    init(_ context: ScenarioContext, thread: Int32) {
        let clock = Stopwatch(), calls = context.calls
        call = calls.records.lastIndex { $0.thread == thread && $0.answer == nil }
        if BackgroundCalls.ended(of: calls, except: thread, within: Self.othersGrace), BackgroundCalls.ended(of: calls, within: Self.afterOthers) {
            (seconds, cause) = (clock.seconds, "once the cell's other threads had ended")
            return
        }
        // The closes are the cell's calls: a reproducer makes them where the cell did.
        let kernel = context.kernel
        let closing = KernelCallRecorder.recording(into: calls) { BackgroundCall { kernel.closeAll() } }
        guard closing.wait(seconds: Self.afterClose + 2) != nil, BackgroundCalls.ended(of: calls, within: Self.afterClose) else { return }
        (seconds, cause) = (clock.seconds, "once the cell's files were closed")
    }

    /// For the hang's evidence.
    var summary: String {
        guard let seconds else { return "still blocked after the cell's other threads had \(Int(Self.othersGrace)) s to end and its files were closed: this kernel is not used again" }
        return "it returned \(Double(Int(seconds * 10)) / 10) s later, \(cause), so the kernel stays in use"
    }
}
