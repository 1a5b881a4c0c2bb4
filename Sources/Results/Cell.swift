/// One scenario run on one kernel variant in one guest topology. This is the
/// line the guest streams out as soon as the cell is finished.
public struct Cell: Codable, Sendable, Equatable {
    public var schema: Int
    public var variant: VariantName
    public var topology: Topology
    public var scenario: String
    public var outcome: Outcome
    public var evidence: Evidence
    /// Wall time of the cell in seconds.
    public var duration: Double
    /// The kernel release the cell ran on: the tree's `make kernelversion`
    /// in a lab run, `uname -r` against a running kernel.
    public var kernel: String?
    /// The state of the patch series the kernel was built from (schema 3);
    /// absent for a cell run against a kernel the harness did not build.
    public var patch: PatchStep?
    /// The mutant patch the kernel carried, by name (`vfio-conformance
    /// mutants`), so a mutant's cells are not the unmodified kernel's;
    /// absent from every other run's cells.
    public var mutant: String?

    public init(variant: VariantName, topology: Topology, scenario: String, outcome: Outcome,
                evidence: Evidence = Evidence(), duration: Double = 0, kernel: String? = nil, patch: PatchStep? = nil, mutant: String? = nil) {
        self.schema = ResultsSchema.version
        self.variant = variant
        self.topology = topology
        self.scenario = scenario
        self.outcome = outcome
        self.evidence = evidence
        self.duration = duration
        self.kernel = kernel
        self.patch = patch
        self.mutant = mutant
    }

    public var key: CellKey { CellKey(kernel: kernel ?? "", variant: variant, topology: topology, scenario: scenario, patch: patch?.index, mutant: mutant) }

    /// The cell as schema 2 records it, whatever schema it was written in.
    mutating func migrate() {
        kernel = ResultsSchema.migratedKernel(kernel, schema: schema)
        schema = ResultsSchema.version
    }
}
