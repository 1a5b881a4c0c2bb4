import Results

/// What earlier runs in this cache took: each cell's seconds, and each
/// guest's seconds from its QEMU start to its first cell, by kernel,
/// variant, topology and scenario. The estimate of a run's remaining time
/// is read from here; a run adds what it measured when each guest ends.
struct CellTimings: Sendable {
    private var seconds: [String: Double] = [:]
    /// The same figures without the kernel, for a kernel the cache never ran.
    private var anyKernel: [String: Double] = [:]

    /// The name a guest's boot is kept under, beside its scenarios.
    static let boot = "(boot)"

    static func load(_ path: String) -> CellTimings {
        var timings = CellTimings()
        for line in ((try? LabFile.read(path)) ?? "").split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, let topology = Topology(rawValue: fields[2]), let value = Double(fields[4]) else { continue }
            timings.record(kernel: fields[0], variant: VariantName(fields[1]), topology: topology, scenario: fields[3], seconds: value)
        }
        return timings
    }

    func save(_ path: String) throws(LabError) {
        let lines = seconds.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)\n" }
        try LabFile.write(lines.joined(), to: path + ".new")
        try LabFile.rename(path + ".new", to: path)
    }

    /// This kernel's figure, else the same cell's on another kernel of the cache.
    func seconds(kernel: String, variant: VariantName, topology: Topology, scenario: String) -> Double? {
        seconds[[kernel, variant.rawValue, topology.rawValue, scenario].joined(separator: "\t")] ?? anyKernel[[variant.rawValue, topology.rawValue, scenario].joined(separator: "\t")]
    }

    mutating func record(kernel: String, variant: VariantName, topology: Topology, scenario: String, seconds value: Double) {
        seconds[[kernel, variant.rawValue, topology.rawValue, scenario].joined(separator: "\t")] = value
        anyKernel[[variant.rawValue, topology.rawValue, scenario].joined(separator: "\t")] = value
    }

    mutating func record(_ cells: [Cell], boot: Double?, kernel: String, variant: VariantName, topology: Topology) {
        for cell in cells { record(kernel: kernel, variant: variant, topology: topology, scenario: cell.scenario, seconds: cell.duration) }
        if let boot { record(kernel: kernel, variant: variant, topology: topology, scenario: Self.boot, seconds: boot) }
    }
}
