/// What the host tells a lab guest, as `vfioc.*` words on the guest
/// kernel's command line: the host writes them (`words`) and the harness in
/// the guest reads them back from /proc/cmdline (`init(commandLine:)`); the
/// guest's init only hands that file over. Every word is named here and
/// nowhere else, and the reading side has no defaults: the host writes
/// every word its mode needs, and a missing one is an error naming it.
public struct GuestBoot: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        /// Run the planned scenarios.
        case scenarios(Plan)
        /// Say the guest is up and power off: the yardstick a run is
        /// compared to, and the proof an accelerator works.
        case bare
        /// Provoke one kernel report for the log fixtures: an lkdtm crash
        /// type, or MODULE:PARAM=VALUE,... for a self-test module that
        /// provokes its checker on load.
        case provoke(String)
        /// Run the reproducer the image holds (`GuestProtocol.reproducerDirectory`)
        /// for at most this many seconds, and say how it ended.
        case reproduce(seconds: Int)
    }

    public struct Plan: Equatable, Sendable {
        public var variant: VariantName
        public var topology: Topology
        /// The scenarios, encoded for the catalog (`ScenarioPlan`).
        public var plan: String
        /// Scenarios of the plan to run before the others, encoded the same way.
        public var first: String?
        /// IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA as the tree numbers it, nil without one.
        public var getPACommand: UInt8?
        public var race: RaceSettings
        /// Every cell keeps the kernel calls it made (`Evidence.calls`), for
        /// reproducers of any of its steps (`--repro`).
        public var keepCalls: Bool

        public init(variant: VariantName, topology: Topology, plan: String, first: String? = nil, getPACommand: UInt8?, race: RaceSettings,
                    keepCalls: Bool = false) {
            self.variant = variant
            self.topology = topology
            self.plan = plan
            self.first = first
            self.getPACommand = getPACommand
            self.race = race
            self.keepCalls = keepCalls
        }
    }

    /// A command line the host did not write, or wrote for another binary.
    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public var mode: Mode
    /// The vCPUs QEMU gives the guest: fewer online is an error in every cell.
    public var cpus: Int

    public init(_ mode: Mode, cpus: Int) {
        self.mode = mode
        self.cpus = cpus
    }

    static let prefix = "vfioc."

    /// The words for the kernel command line, in a fixed order.
    public var words: String {
        var words: [(String, String)] = [("cpus", String(cpus))]
        switch mode {
        case let .scenarios(plan):
            words += [("variant", plan.variant.rawValue), ("topology", plan.topology.rawValue), ("plan", plan.plan)]
            if let first = plan.first { words.append(("first", first)) }
            words += [("getpa", plan.getPACommand.map(String.init) ?? "none"), ("raceseconds", String(plan.race.seconds)),
                      ("raceseed", plan.race.seed.map(String.init) ?? "random"), ("raceiterations", String(plan.race.iterations ?? 0)),
                      ("racebare", plan.race.bareLoop ? "1" : "0"), ("calls", plan.keepCalls ? "1" : "0")]
        case .bare:
            words.append(("bare", "1"))
        case let .provoke(trigger):
            words.append(("provoke", trigger))
        case let .reproduce(seconds):
            words.append(("reproduce", String(seconds)))
        }
        return words.map { Self.prefix + $0.0 + "=" + $0.1 }.joined(separator: " ")
    }

    /// What the host said, from the whole kernel command line (other words are the kernel's).
    public init(commandLine: String) throws(Malformed) {
        var values: [String: String] = [:]
        for word in commandLine.split(whereSeparator: \.isWhitespace) where word.hasPrefix(Self.prefix) {
            let pair = word.dropFirst(Self.prefix.count).split(separator: "=", maxSplits: 1)
            values[String(pair[0])] = pair.count > 1 ? String(pair[1]) : ""
        }
        func value(_ key: String) throws(Malformed) -> String {
            guard let value = values[key] else { throw Malformed("the kernel command line has no \(Self.prefix)\(key)=: the host writes it for this guest") }
            return value
        }
        func number<T: LosslessStringConvertible>(_ key: String, _: T.Type) throws(Malformed) -> T {
            let text = try value(key)
            guard let number = T(text) else { throw Malformed("\(Self.prefix)\(key)=\(text): not a number") }
            return number
        }
        let cpus = try number("cpus", Int.self)
        if values["bare"] != nil {
            self.init(.bare, cpus: cpus)
        } else if let trigger = values["provoke"] {
            self.init(.provoke(trigger), cpus: cpus)
        } else if values["reproduce"] != nil {
            self.init(.reproduce(seconds: try number("reproduce", Int.self)), cpus: cpus)
        } else {
            let topology = try value("topology")
            guard let parsed = Topology(rawValue: topology) else { throw Malformed("\(Self.prefix)topology=\(topology): not a topology") }
            let getPA = try value("getpa"), seed = try value("raceseed")
            let iterations = try number("raceiterations", Int.self)
            let race = RaceSettings(seconds: try number("raceseconds", Double.self),
                                    seed: seed == "random" ? nil : try number("raceseed", UInt64.self),
                                    iterations: iterations == 0 ? nil : iterations, bareLoop: try value("racebare") == "1")
            self.init(.scenarios(Plan(variant: VariantName(try value("variant")), topology: parsed, plan: try value("plan"), first: values["first"],
                                      getPACommand: getPA == "none" ? nil : try number("getpa", UInt8.self), race: race,
                                      keepCalls: try value("calls") == "1")), cpus: cpus)
        }
    }
}
