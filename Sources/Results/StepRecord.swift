/// One step of a scenario as it ran: what it did and what the kernel answered.
public struct StepRecord: Codable, Sendable, Equatable {
    public var name: String
    /// What the step observed, in words a kernel developer reads: "ok",
    /// "EPERM", "blocked", "present", a number.
    public var observed: String
    /// The errno the kernel returned, kept as a number too so tools need not parse names.
    public var errno: Int32?
    public var seconds: Double
    /// An observation that differs from run to run by its nature (a race's
    /// iteration counts, seed and the answers it happened to see): reported,
    /// never compared between variants or runs. Absent: a stable one.
    public var varies: Bool?

    public init(name: String, observed: String, errno: Int32? = nil, seconds: Double = 0, varies: Bool = false) {
        self.name = name
        self.observed = observed
        self.errno = errno
        self.seconds = seconds
        self.varies = varies ? true : nil
    }

    /// Whether another run's observation of this step can be compared with it.
    public var comparable: Bool { varies != true }
}
