import Results

/// A document laid out the way every report shows it: scenarios as rows,
/// variant/topology pairs as columns. Columns follow the order the run
/// declared (legacy before its alternatives), not the alphabetical order the
/// document keeps its cells in; only pairs that produced cells are columns.
struct Matrix {
    let document: ResultsDocument
    let columns: [MatrixColumn]
    let scenarios: [String]
    private let cells: [CellKey: Cell]

    init(_ document: ResultsDocument) {
        self.document = document
        cells = Dictionary(document.cells.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        let variants = Self.ordered(document.run.variants.map(\.name) + document.cells.map(\.variant))
        let topologies = Self.ordered(document.run.topologies + document.cells.map(\.topology))
        let present = Set(document.cells.map { MatrixColumn(variant: $0.variant, topology: $0.topology) })
        columns = variants
            .flatMap { variant in topologies.map { MatrixColumn(variant: variant, topology: $0) } }
            .filter(present.contains)
        scenarios = Set(document.cells.map(\.scenario)).sorted()
    }

    func cell(_ scenario: String, in column: MatrixColumn) -> Cell? {
        cells[CellKey(variant: column.variant, topology: column.topology, scenario: scenario)]
    }

    func cells(in column: MatrixColumn) -> [Cell] {
        scenarios.compactMap { cell($0, in: column) }
    }

    /// Cells a reader must look at (fail, crash, hang, error), in matrix order.
    var problems: [Cell] {
        columns.flatMap(cells(in:)).filter(\.outcome.isProblem)
    }

    /// "12 cells: 8 pass, 2 skip, 1 fail, 0 hang, 1 crash, 0 error".
    var counts: String {
        let each = Outcome.allCases.map { "\(document.count($0)) \($0.rawValue)" }
        return "\(document.cells.count) cells: " + each.joined(separator: ", ")
    }

    var droppedVariants: [VariantInfo] {
        document.run.variants.filter { !$0.dropped.isEmpty }
    }

    /// Names in first-seen order, each once.
    private static func ordered(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
