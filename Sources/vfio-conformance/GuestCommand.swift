import ArgumentParser
import Engine
import Host
import Results

/// The harness in a lab guest, as the guest's init starts it
/// (`GuestProtocol.harness`): what to do is what the host wrote on the
/// kernel command line (`GuestBoot`), run by `GuestRun`.
struct GuestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: GuestProtocol.harnessVerb, abstract: "The harness in a lab guest, as the guest's init starts it.", shouldDisplay: false)

    @Option(help: ArgumentHelp("The kernel command line with the host's vfioc.* words.", valueName: "file"))
    var boot: String

    @Option(help: ArgumentHelp("The expectation table.", valueName: "file"))
    var expectations: String

    @Option(help: ArgumentHelp("Stream each cell as one JSON line to this file or device as it finishes.", valueName: "path"))
    var stream: String?

    @Option(help: ArgumentHelp("Written with the exit status just before exiting, or by the watchdog.", valueName: "file"))
    var statusFile: String

    @OptionGroup var format: FormatOption

    func guestBoot() throws -> GuestBoot {
        let text: String
        do { text = try SysFile.read(boot) } catch { throw ValidationError("--boot: \(error)") }
        do { return try GuestBoot(commandLine: text) } catch { throw ValidationError("--boot \(boot): \(error)") }
    }

    func run() throws {
        let run: GuestRun
        do { run = try GuestRun(boot: try guestBoot(), expectations: expectations, stream: stream, statusFile: statusFile) } catch let error as GuestBoot.Malformed {
            throw ValidationError("--boot \(boot): \(error)")
        }
        do {
            if let document = try run.run() { try format.finish(document) }
        } catch EngineError.interrupted {
            throw ExitCode(130)
        }
    }
}
