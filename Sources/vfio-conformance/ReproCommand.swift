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
            throw ValidationError("\(cell) is \(found.outcome.rawValue): only a failed, crashed or hung cell has a reproducer")
        }
        if print {
            Swift.print(reproducer.program, terminator: "")
            return
        }
        let directory = output ?? "repro-" + found.key.fileName
        let files = FileManager.default
        if files.fileExists(atPath: directory) && !((try? files.contentsOfDirectory(atPath: directory))?.isEmpty ?? false) {
            throw ValidationError("--output \(directory): exists and is not empty; name another directory")
        }
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        try Data(reproducer.prelude.utf8).write(to: URL(fileURLWithPath: directory + "/run.sh"))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/run.sh")
        Swift.print("\(directory)/repro.c: \(reproducer.calls) kernel calls; \(reproducer.proof ?? "not yet run again outside the cell")")
        Swift.print("build: cc -static -O2 -I\"$TREE/usr/include\" -o \(directory)/repro \(directory)/repro.c; run: cd \(directory) && ./run.sh \(Self.device(in: reproducer.program) ?? "DEVICE")")
    }

    /// The address the program was written for (its DEVICE default).
    static func device(in program: String) -> String? {
        program.split(separator: "\n").first { $0.hasPrefix("#define DEVICE \"") }.map { String($0.dropFirst("#define DEVICE \"".count).dropLast()) }
    }
}
