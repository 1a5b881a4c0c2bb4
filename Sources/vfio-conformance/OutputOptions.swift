import ArgumentParser
import FoundationEssentials
import Reports
import Results

/// Where a matrix's results go and in which form.
struct OutputOptions: ParsableArguments {
    @OptionGroup var formatOption: FormatOption
    @OptionGroup var run: RunOutputOptions

    /// Reproducers: every cell keeps its kernel calls, each divergence of
    /// iommufd-compat from legacy gets one too, and with --vm each is proven.
    @Option(help: ArgumentHelp("Write every failed, crashed or hung cell's reproducer, and one per legacy vs iommufd-compat divergence, to DIR (one directory each, and an index); with --vm each is proven in a guest first.", valueName: "dir"))
    var repro: String?

    func validate() throws {
        if let repro { try ReproducerFiles.check(repro, option: "--repro") }
    }

    /// Writes the results file, the reproducers and the report, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        let document = repro == nil ? document : ReproducerRequests.attach(document).0
        try run.write(document)
        if let repro { try write(document, reproducersTo: repro) }
        try formatOption.finish(document)
    }

    /// One directory a cell with a reproducer (named after the cell), and
    /// README: each one's cell, finding and proof.
    private func write(_ document: ResultsDocument, reproducersTo directory: String) throws {
        let divergences = Dictionary(Divergences.find(in: document).map { ($0.compat.key, $0) }, uniquingKeysWith: { first, _ in first })
        var index = ["Reproducers written by vfio-conformance (`cd DIR && ./run.sh` as root in a disposable VM, after building repro.c):", ""]
        for cell in document.cells {
            guard let reproducer = cell.evidence.reproducer else { continue }
            let name = cell.key.fileName
            try ReproducerFiles.write(reproducer, to: directory + "/" + name)
            let finding = divergences[cell.key].map { "diverges from \($0.legacy.variant): \($0.differences.joined(separator: "; "))" }
                ?? "\(cell.outcome.rawValue): \(cell.evidence.summary)"
            index += ["\(name)/", "  \(cell.key): \(finding)", "  \(reproducer.calls) kernel calls; \(reproducer.proof ?? "not yet run again outside the cell")", ""]
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(index.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory + "/README"))
    }
}

extension ReportFormat: ExpressibleByArgument {}
