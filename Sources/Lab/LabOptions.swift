import Results

/// Everything a host-side run is told on the command line.
public struct LabOptions: Sendable {
    /// The kernels, in order; each is a column group of the matrix.
    public var kernels: [KernelChoice] = [.default]
    public var patches: String?
    /// Test the base tree and the tree after each patch, not only the whole series.
    public var eachPatch = false
    public var variants: [VariantName]?
    /// The depth tier: the checker variants on SMP guests as well.
    public var depth = false
    public var topologies: [Topology] = Topology.allCases
    /// Guests run at once.
    public var jobs: Int
    /// This run's share of the variants: (index from 1, count).
    public var shard: (index: Int, count: Int)?
    /// Continue the run recorded next to `results`, skipping finished cells.
    public var resume = false
    public var results: String?
    public var cache: String?
    public var package: String
    public var guestBinary: String?
    public var guestTimeout = LabOptions.defaultGuestTimeout
    public static let defaultGuestTimeout: Double = 300
    /// The scenario catalog in order, and the names this run wants.
    public var catalog: [String]
    public var scenarios: [String]
    public var quiet = false
    /// The races' options as asked (`RaceSettings` fills in the rest per guest).
    public var raceSeconds: Double?
    public var raceSeed: UInt64?
    public var raceIterations: Int?
    public var raceBareLoop = false
    /// Every cell keeps its kernel calls, for reproducers of divergences (`--repro`).
    public var keepCalls = false
    /// Every guest's vCPUs instead of its variant's (`vcpus =`), nil: the variant's.
    public var vcpus: Int?
    /// Build every variant with debug info, so crashes decode to file:line
    /// (mutant runs and the debug variant always have it).
    public var debugInfo = false
    /// A guest session ends at its first failed, crashed or hung cell
    /// instead of booting again for the rest: one kill is a mutant's
    /// verdict, and a hang-type mutant would otherwise reboot for every cell.
    public var stopAtFirstFault = false
    /// Scenarios each guest runs before the rest of its plan.
    public var runFirst: [String] = []

    public init(package: String, catalog: [String], scenarios: [String], jobs: Int) {
        self.package = package
        self.catalog = catalog
        self.scenarios = scenarios
        self.jobs = jobs
    }

    /// The variants a run builds, in order: those asked for (or the
    /// defaults), then with --depth the tier's.
    public static func variantNames(_ asked: [VariantName]?, depth: Bool) -> [VariantName] {
        let names = (asked ?? Variant.defaults) + (depth ? Variant.depth : [])
        var seen = Set<VariantName>()
        return names.filter { seen.insert($0).inserted }
    }

    /// The variants of shard i of n; none is an error, never an empty run.
    public static func shard(_ names: [VariantName], _ shard: (index: Int, count: Int)) throws(LabError) -> [VariantName] {
        let mine = names.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
        guard !mine.isEmpty else {
            throw .tool("--shard \(shard.index)/\(shard.count) selects no variant: there are only \(names.count) (\(names.map(\.rawValue).joined(separator: ", "))); use at most \(names.count) shards")
        }
        return mine
    }

    public static func parseShard(_ text: String) throws(LabError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { throw .badShard(text) }
        return (parts[0], parts[1])
    }
}
