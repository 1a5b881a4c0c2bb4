import ArgumentParser
import Glibc
import Engine
import FoundationEssentials
import Lab
import Reports
import Results

/// Checks a kernel's VFIO and iommufd behaviour across config variants and
/// runtime states, and reports a pass/fail matrix.
///
/// Inside a test VM, `vfio-conformance --matrix` runs every scenario against
/// the running kernel. On a host, `vfio-conformance --matrix --vm` builds the
/// kernel config variants, boots each in QEMU and merges the guests' cells.
@main
struct VFIOConformance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vfio-conformance",
        abstract: "Run the VFIO conformance matrix and report on it.",
        discussion: """
            Exit status: 0 every cell passed or was skipped, 1 a cell failed, \
            crashed or hung, 2 a harness error (or bad input).
            """,
        subcommands: [ListCommand.self, ExplainCommand.self, ReportCommand.self, DiffCommand.self,
                      MergeCommand.self, MutantsCommand.self, BareBootCommand.self, CaptureLogCommand.self, OpenUnprivilegedCommand.self])

    /// Run the scenario matrix.
    @Flag(help: "Run the scenario matrix (against the running kernel, or in QEMU guests with --vm).")
    var matrix = false

    /// Build kernels and run in QEMU.
    @Flag(help: "Build the kernel variants and run the matrix in QEMU guests (host side).")
    var vm = false

    @OptionGroup(title: "Selection") var selection: SelectionOptions
    @OptionGroup(title: "Running kernel (without --vm)") var engine: EngineArguments
    @OptionGroup(title: "Kernels and guests (with --vm)") var lab: LabArguments
    @OptionGroup(title: "Output") var output: OutputOptions

    /// Exit 1 is reserved for a matrix with failures: every error of the
    /// harness or its input, whatever layer threw it, exits 2 with its message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error where error is ExitCode || error is CleanExit {
            exit(withError: error)
        } catch {
            let message = fullMessage(for: error)
            var bytes = Array((message.hasPrefix("Error:") ? message : "Error: " + message).utf8) + [10]
            _ = write(2, &bytes, bytes.count)
            exit(withError: ExitCode(2))
        }
    }

    func validate() throws {
        if vm && !matrix { throw ValidationError("--vm goes with --matrix: vfio-conformance --matrix --vm") }
    }

    func run() throws {
        guard matrix else { throw CleanExit.helpRequest(self) }
        let scenarios = try selection.scenarios()
        let document = vm ? try lab.run(scenarios: scenarios, output: output)
                          : try engine.run(scenarios: scenarios, output: output)
        defer {
            if let statusFile = engine.statusFile {
                _ = FileManager.default.createFile(atPath: statusFile, contents: Data("\(document.exitStatus)\n".utf8))
            }
        }
        try output.finish(document)
    }
}
