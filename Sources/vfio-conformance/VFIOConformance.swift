import ArgumentParser
import Host
import Lab

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
            `vfio-conformance --matrix` runs the scenario matrix against the running kernel \
            (in a test VM); `vfio-conformance --matrix --vm` builds the kernel config variants \
            and runs it in QEMU guests, on each kernel of --kernels.

            Exit status (kselftest's codes): 0 at least one cell passed and none failed, \
            crashed, hung or errored; 1 a cell failed, crashed or hung; 2 a harness error or \
            bad input (nothing was started); 4 nothing was tested: every cell was skipped, or \
            its variant was not available on the kernel or dropped by Kconfig. `diff` exits 1 \
            on a regression or new crash and 4 when the two documents share no cell.
            """,
        subcommands: [MatrixCommand.self, ListCommand.self, ExplainCommand.self, ReportCommand.self, DiffCommand.self,
                      MergeCommand.self, ReproCommand.self, MutantsCommand.self, BareBootCommand.self, CaptureLogCommand.self,
                      GuestCommand.self],
        // The matrix is the default, so `vfio-conformance --matrix` works with
        // no root options: a root option would swallow a subcommand's option
        // of the same name (--results, --cache, --quiet ...).
        defaultSubcommand: MatrixCommand.self)

    /// Exit 1 is reserved for a matrix with failures: every error of the
    /// harness or its input, whatever layer threw it, exits 2 with its message.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch LabError.interrupted {
            StandardError.write("vfio-conformance: \(LabError.interrupted)\n")
            exit(withError: ExitCode(130))
        } catch where exitCode(for: error) == .success {
            // Help and version requests, which the parser wraps in its own error type.
            exit(withError: error)
        } catch {
            let message = fullMessage(for: error)
            StandardError.write((message.hasPrefix("Error:") ? message : "Error: " + message) + "\n")
            exit(withError: ExitCode(2))
        }
    }
}
