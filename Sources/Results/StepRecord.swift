/// One step of a scenario as it ran: what it did and what the kernel answered.
public struct StepRecord: Codable, Sendable, Equatable {
    public var name: String
    /// What the step observed, in words a kernel developer reads: "ok",
    /// "EPERM", "blocked", "present", a number.
    public var observed: String
    /// The errno the kernel returned, kept as a number too so tools need not parse names.
    public var errno: Int32?
    public var seconds: Double

    public init(name: String, observed: String, errno: Int32? = nil, seconds: Double = 0) {
        self.name = name
        self.observed = observed
        self.errno = errno
        self.seconds = seconds
    }
}
