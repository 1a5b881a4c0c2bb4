import ArgumentParser
import Engine
import FoundationEssentials
import Results

/// The harness in a lab guest, as the guest's init starts it
/// (`GuestProtocol.harness`): the planned scenarios, each cell streamed to
/// the host, the exit status left in a file for init, which cannot always
/// wait for the process to end.
struct GuestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: GuestProtocol.harnessVerb, abstract: "The harness in a lab guest, as the guest's init starts it.", shouldDisplay: false)

    @OptionGroup var engine: EngineArguments

    @Option(help: ArgumentHelp("The scenarios to run, as the host encoded them for this binary's catalog.", valueName: "plan"))
    var plan: String

    @Option(help: ArgumentHelp("Written with the exit status just before exiting, or by the watchdog.", valueName: "file"))
    var statusFile: String

    @OptionGroup var format: FormatOption

    private func scenarios() throws -> [Scenario] {
        let catalog = ScenarioCatalog.all.map(\.name)
        guard let decoded = ScenarioPlan(encoded: plan, catalog: catalog) else {
            throw ValidationError("--plan \(plan): not a plan for this binary's \(catalog.count) scenarios (catalog \(ScenarioPlan.fingerprint(of: catalog))); the guest binary and the host were built from different sources")
        }
        let names = Set(decoded.names(in: catalog))
        return ScenarioCatalog.all.filter { names.contains($0.name) }
    }

    func run() throws {
        let document = try EngineRun(options: try engine.options(), scenarios: try scenarios(), stream: engine.stream,
                                     caller: .guest(statusFile: statusFile)).run()
        defer { _ = FileManager.default.createFile(atPath: statusFile, contents: Data("\(document.exitStatus)\n".utf8)) }
        try format.finish(document)
    }
}
