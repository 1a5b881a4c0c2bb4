/// The knobs of the race scenarios: `--race-seconds`, `--race-seed`,
/// `--race-iterations`, `--race-bare-loop`.
public struct RaceSettings: Sendable, Equatable {
    /// Short in the default matrix, which must stay fast; the depth tier,
    /// whose SMP guests can really race, races longer.
    public static let defaultSeconds: Double = 1
    /// 3 s: the tier's race mutant (21) breaks within its first 40 of
    /// about 470 rounds; longer only slows every tier run.
    public static let depthSeconds: Double = 3
    public var seconds: Double = defaultSeconds
    public var seed: UInt64?
    public var iterations: Int?
    /// A round not finished in this long is a hang even if its threads
    /// keep running (one stuck in the kernel is a hang sooner).
    public var roundTimeout: Double = 60
    /// After each race, its last round made again from C for as long,
    /// with nothing between the calls: the rate the harness is held to.
    public var bareLoop = false

    public init(seconds: Double = defaultSeconds, seed: UInt64? = nil, iterations: Int? = nil, bareLoop: Bool = false) {
        self.seconds = seconds
        self.seed = seed
        self.iterations = iterations
        self.bareLoop = bareLoop
    }

    /// A lab guest's: the seconds asked for, else the tier's on a guest
    /// whose vCPUs can really race, else the default matrix's.
    public init(seconds asked: Double?, seed: UInt64?, iterations: Int?, bareLoop: Bool, vcpus: Int) {
        self.init(seconds: asked ?? (vcpus > 1 ? Self.depthSeconds : Self.defaultSeconds), seed: seed, iterations: iterations, bareLoop: bareLoop)
    }
}
