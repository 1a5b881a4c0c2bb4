import ArgumentParser
import FoundationEssentials
import Results

/// Writes a failing cell's reproducer: the C program of its kernel calls and
/// the prelude that puts a machine where the cell started.
struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Write a failed, crashed or hung cell's reproducer: repro.c (libc and the uapi headers) and run.sh (its prelude).")

    @Argument(help: ArgumentHelp("A results document or cell journal (`-`: standard input).", valueName: "results"))
    var results: String

    @Argument(help: ArgumentHelp("The cell, as reports name it: KERNEL/VARIANT/TOPOLOGY/SCENARIO (6.12.118/legacy/noiommu/group/open-twice).", valueName: "cell"))
    var cell: String

    @Option(help: ArgumentHelp("The directory to write repro.c and run.sh to (default: repro-KERNEL-VARIANT-TOPOLOGY-SCENARIO, '/' and ':' as '-').", valueName: "dir"))
    var output: String?

    @Flag(help: "Print the program instead of writing the files.")
    var print = false

    func run() throws {
        let document = try ResultsFile.read(results)
        guard let found = document.cells.first(where: { $0.key.description == cell }) else {
            let failing = document.cells.filter { $0.evidence.reproducer != nil }.map(\.key.description)
            throw ValidationError("\(results) has no cell \(cell)" + (failing.isEmpty ? "; it has no failing cell with a reproducer" : "; cells with a reproducer: " + failing.joined(separator: ", ")))
        }
        guard let reproducer = found.evidence.reproducer else {
            throw ValidationError("\(cell) is \(found.outcome.rawValue): only a failed, crashed or hung cell has a reproducer, and after a run with --repro a divergence's iommufd-compat cell")
        }
        if print {
            Swift.print(reproducer.program, terminator: "")
            return
        }
        let directory = output ?? "repro-" + found.key.fileName
        try ReproducerFiles.check(directory, option: "--output")
        try ReproducerFiles.write(reproducer, to: directory)
        Swift.print("\(directory)/repro.c: \(reproducer.calls) kernel calls; \(reproducer.proof ?? "not yet run again outside the cell")")
        Swift.print(ReproducerFiles.usage(reproducer, in: directory))
    }
}
