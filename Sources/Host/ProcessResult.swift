/// How a child process ended.
public struct ProcessResult: Sendable, Equatable {
    /// The exit code, or 128 + the signal number when a signal ended it; -1
    /// when something else reaped the child (SIGCHLD set to SIG_IGN).
    public var status: Int32
    /// stdout and stderr merged; empty unless captured.
    public var output: String
    /// The timeout expired and the child was signalled.
    public var timedOut: Bool

    public init(status: Int32, output: String, timedOut: Bool) {
        self.status = status
        self.output = output
        self.timedOut = timedOut
    }
}
