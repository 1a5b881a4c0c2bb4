import FoundationEssentials
import Host
import Probes
import Results
import SystemPackage

/// The harness in a lab guest, as its init starts it: what the host wrote
/// on the kernel command line (`GuestBoot`) says what to do. The exit
/// status goes to `statusFile` too, for init, which cannot always wait for
/// the process to end.
public struct GuestRun {
    public var boot: GuestBoot
    public var expectations: String
    public var stream: String?
    public var statusFile: String
    /// The plan's scenarios in the order they run; none for a bare or provoking boot.
    let scenarios: [Scenario]

    /// Refuses a plan this binary's catalog cannot read before anything runs.
    public init(boot: GuestBoot, expectations: String, stream: String?, statusFile: String) throws(GuestBoot.Malformed) {
        self.boot = boot
        self.expectations = expectations
        self.stream = stream
        self.statusFile = statusFile
        if case let .scenarios(plan) = boot.mode { scenarios = try Self.scenarios(plan) } else { scenarios = [] }
    }

    /// The planned scenarios' document; nil for a bare or provoking boot.
    public func run() throws -> ResultsDocument? {
        switch boot.mode {
        case .bare:
            Self.console(GuestProtocol.bareMarker)
            try leave(0)
            return nil
        case let .provoke(trigger):
            GuestProvocation(trigger: trigger).run()
            try leave(0)
            return nil
        case let .reproduce(seconds):
            GuestReproduction(seconds: Double(seconds)).run()
            try leave(0)
            return nil
        case let .scenarios(plan):
            let document = try run(plan)
            try leave(document.exitStatus)
            return document
        }
    }

    private func run(_ plan: GuestBoot.Plan) throws -> ResultsDocument {
        let online = (try? SysFile.read(OnlineCPUs.path)).flatMap(OnlineCPUs.count) ?? 0
        if online < boot.cpus {
            return try refuse(scenarios, plan, reason: "the guest has \(online) CPU(s) online (\(OnlineCPUs.path)) where the host asked for \(boot.cpus): QEMU did not give it the vCPUs, so nothing here could race")
        }
        var options = EngineOptions(expectations: expectations)
        options.variant = plan.variant
        options.topology = plan.topology
        options.getPACommand = plan.getPACommand
        options.race = plan.race
        options.keepCalls = plan.keepCalls
        return try EngineRun(options: options, scenarios: scenarios, stream: stream, caller: .guest(statusFile: statusFile)).run()
    }

    /// The plan's scenarios in the order they run: `first` before the rest.
    static func scenarios(_ plan: GuestBoot.Plan) throws(GuestBoot.Malformed) -> [Scenario] {
        let catalog = ScenarioCatalog.all.map(\.name)
        func decode(_ text: String, _ word: String) throws(GuestBoot.Malformed) -> [String] {
            guard let decoded = ScenarioPlan(encoded: text, catalog: catalog) else {
                throw GuestBoot.Malformed("vfioc.\(word)=\(text): not a plan for this binary's \(catalog.count) scenarios (catalog \(ScenarioPlan.fingerprint(of: catalog))); the guest binary and the host were built from different sources")
            }
            return decoded.names(in: catalog)
        }
        let names = try decode(plan.plan, "plan")
        let first = try plan.first.map { text throws(GuestBoot.Malformed) in try decode(text, "first") } ?? []
        let byName = Dictionary(uniqueKeysWithValues: ScenarioCatalog.all.map { ($0.name, $0) })
        return ScenarioPlan.order(names, first: Set(first)).compactMap { byName[$0] }
    }

    /// Every planned cell an error with the reason, streamed as cells run would be.
    private func refuse(_ scenarios: [Scenario], _ plan: GuestBoot.Plan, reason: String) throws -> ResultsDocument {
        let sink = try stream.map(CellSink.init(path:))
        let cells = scenarios.map { Cell(variant: plan.variant, topology: plan.topology, scenario: $0.name,
                                         outcome: .error, evidence: Evidence(reason: reason)) }
        for cell in cells { try sink?.write(cell) }
        return ResultsDocument(cells: cells)
    }

    /// Straight to the console (the harness's stdout): the host reads markers there.
    static func console(_ line: String) {
        _ = try? FileDescriptor.standardOutput.writeAll((line + "\n").utf8)
    }

    /// Made here (SysFile.write only writes what exists, as an attribute is):
    /// without it init waits for a process a wedged thread may never let end.
    private func leave(_ status: Int32) throws {
        let file = try FileDescriptor.open(statusFile, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        defer { try? file.close() }
        _ = try file.writeAll("\(status)\n".utf8)
    }
}
