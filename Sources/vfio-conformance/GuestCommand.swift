import ArgumentParser
import Engine
import Probes
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

    @Option(help: ArgumentHelp("Scenarios of the plan to run before the others, encoded like --plan (\(GuestProtocol.noPlan): none).", valueName: "plan"))
    var first = GuestProtocol.noPlan

    @Option(help: ArgumentHelp("Written with the exit status just before exiting, or by the watchdog.", valueName: "file"))
    var statusFile: String

    @Option(help: ArgumentHelp("The CPUs the host gave the guest: fewer online is an error in every cell, since the variant's races need them.", valueName: "n"))
    var cpus = 1

    @OptionGroup var race: RaceArguments

    @OptionGroup var format: FormatOption

    func scenarios() throws -> [Scenario] {
        let catalog = ScenarioCatalog.all.map(\.name)
        let names = try decode(plan, option: "--plan", catalog: catalog)
        let first = first == GuestProtocol.noPlan ? [] : try decode(first, option: "--first", catalog: catalog)
        let byName = Dictionary(uniqueKeysWithValues: ScenarioCatalog.all.map { ($0.name, $0) })
        return ScenarioPlan.order(names, first: Set(first)).compactMap { byName[$0] }
    }

    private func decode(_ text: String, option: String, catalog: [String]) throws -> [String] {
        guard let decoded = ScenarioPlan(encoded: text, catalog: catalog) else {
            throw ValidationError("\(option) \(text): not a plan for this binary's \(catalog.count) scenarios (catalog \(ScenarioPlan.fingerprint(of: catalog))); the guest binary and the host were built from different sources")
        }
        return decoded.names(in: catalog)
    }

    func run() throws {
        let online = FileManager.default.contents(atPath: OnlineCPUs.path).flatMap { OnlineCPUs.count(in: String(decoding: $0, as: UTF8.self)) } ?? 0
        let document: ResultsDocument
        if online < cpus {
            document = try refuse(scenarios(), reason: "the guest has \(online) CPU(s) online (\(OnlineCPUs.path)) where the host asked for \(cpus): QEMU did not give it the vCPUs, so nothing here could race")
        } else {
            var options = try engine.options()
            options.race = try race.settings
            document = try EngineRun(options: options, scenarios: try scenarios(), stream: engine.stream,
                                     caller: .guest(statusFile: statusFile)).run()
        }
        defer { _ = FileManager.default.createFile(atPath: statusFile, contents: Data("\(document.exitStatus)\n".utf8)) }
        try format.finish(document)
    }

    /// Every planned cell an error with the reason, streamed as cells run would be.
    private func refuse(_ scenarios: [Scenario], reason: String) throws -> ResultsDocument {
        let sink = try engine.stream.map(CellSink.init(path:))
        let cells = scenarios.map { Cell(variant: engine.variant ?? "", topology: engine.topology?.rawValue ?? "", scenario: $0.name,
                                         outcome: .error, evidence: Evidence(reason: reason)) }
        for cell in cells { try sink?.write(cell) }
        return ResultsDocument(cells: cells)
    }
}
