import Results

/// A document laid out the way every report shows it: scenarios as rows,
/// kernel/variant/topology triples as columns, kernels in the order the run
/// asked for them, and with --each-patch the whole set again per patch step. Columns follow the order the run
/// declared (legacy before its alternatives), not the alphabetical order the
/// document keeps its cells in; only pairs that produced cells are columns.
struct Matrix {
    let document: ResultsDocument
    let columns: [MatrixColumn]
    let scenarios: [String]
    /// The patch steps when there are several, else empty.
    let steps: [PatchStep]
    private let cells: [CellKey: Cell]

    init(_ document: ResultsDocument) {
        self.document = document
        let steps = document.steps.compactMap(\.step)
        self.steps = steps.count > 1 ? steps : []
        let perPatch = steps.count > 1
        cells = Dictionary(document.cells.map { (perPatch ? $0.key : $0.key.place, $0) }, uniquingKeysWith: { _, last in last })
        let kernels = Self.ordered(document.run.kernels.map(\.release) + document.cells.map { $0.kernel ?? "" })
        let variants = Self.ordered(document.run.variants.map { Slot(variant: $0.name) } + document.cells.map { Slot(variant: $0.variant, mutant: $0.mutant) })
        let topologies = Self.ordered(document.run.topologies + document.cells.map(\.topology))
        let present = Set(document.cells.map {
            MatrixColumn(kernel: $0.kernel ?? "", variant: $0.variant, mutant: $0.mutant, topology: $0.topology, patch: perPatch ? $0.patch : nil)
        })
        columns = (perPatch ? steps.map(Optional.some) : [nil]).flatMap { step in
            kernels.flatMap { kernel in
                variants.flatMap { slot in
                    topologies.map { MatrixColumn(kernel: kernel, variant: slot.variant, mutant: slot.mutant, topology: $0, patch: step) }
                }
            }
        }.filter(present.contains)
        scenarios = Set(document.cells.map(\.scenario)).sorted()
    }

    func cell(_ scenario: String, in column: MatrixColumn) -> Cell? {
        cells[CellKey(kernel: column.kernel, variant: column.variant, topology: column.topology, scenario: scenario, patch: column.patch?.index,
                      mutant: column.mutant)]
    }

    /// How a report names a cell: its place, and with several steps its patch.
    func name(of cell: Cell) -> String {
        (steps.isEmpty ? "" : cell.patch.map { "patch \($0.index): " } ?? "") + cell.key.description
    }

    /// Every scenario that goes wrong at some step, with the first step at
    /// which it does and where: a reviewer's first question of a series.
    /// Empty for a document of one step.
    var firstFailures: [FirstFailure] {
        scenarios.compactMap { scenario in
            for step in steps {
                let bad = columns.filter { $0.patch == step }.compactMap { cell(scenario, in: $0) }.filter(\.outcome.isProblem)
                if !bad.isEmpty { return FirstFailure(scenario: scenario, step: step, count: seriesLength, cells: bad) }
            }
            return nil
        }
    }

    var seriesLength: Int { document.seriesLength }

    func cells(in column: MatrixColumn) -> [Cell] {
        scenarios.compactMap { cell($0, in: column) }
    }

    /// Cells a reader must look at (fail, crash, hang, error), in matrix
    /// order; failures against rows no kernel has confirmed come first, since
    /// they may be the tree's new behaviour rather than a bug.
    var problems: [Cell] {
        let all = columns.flatMap(cells(in:)).filter(\.outcome.isProblem)
        return all.filter { $0.evidence.unverified == true } + all.filter { $0.evidence.unverified != true }
    }

    /// "12 cells: 8 pass, 2 skip, 1 fail, 0 hang, 1 crash, 0 error".
    var counts: String {
        let each = Outcome.allCases.map { "\(document.count($0)) \($0.rawValue)" }
        return "\(document.cells.count) cells: " + each.joined(separator: ", ")
    }

    /// Variants that did not run (not available on their kernel, or
    /// dropped by Kconfig), each with its one-line verdict.
    var idleVariants: [String] {
        document.run.variants.compactMap(\.verdict)
    }

    /// The kernels' releases, in run order.
    var kernels: [String] { Self.ordered(columns.map(\.kernel)).filter { !$0.isEmpty } }

    /// A variant's place among the columns, or a mutant kernel's of it.
    private struct Slot: Hashable {
        var variant: VariantName
        var mutant: String?
    }

    /// Names in first-seen order, each once.
    private static func ordered<Name: Hashable>(_ names: [Name]) -> [Name] {
        var seen = Set<Name>()
        return names.filter { seen.insert($0).inserted }
    }
}
