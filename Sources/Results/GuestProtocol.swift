/// What a lab guest and the host say to each other, in one place: the init
/// script the lab writes, the harness inside the guest and the host reading
/// the guest's console and results port all use these. The command lines the
/// binary is started with by something other than a person (init, and the
/// engine starting itself) are built here too, so the verbs that parse them
/// and the callers cannot drift apart.
public enum GuestProtocol {
    /// The second serial port: one JSON cell a line.
    public static let cellsPort = "/dev/ttyS1"
    /// Where the guest harness writes its status for init to read.
    public static let statusFile = "/tmp/status"
    /// Where the image holds the harness and its copy of the expectation table.
    public static let binary = "/bin/vfio-conformance"
    public static let expectations = "/share/vfio-conformance/vfio.expect"

    /// The hidden verb of the harness in a lab guest.
    public static let harnessVerb = "guest"

    /// How init starts the harness. The values are what init read from the
    /// kernel command line: the init script passes shell words here.
    public static func harness(variant: String, topology: String, plan: String, first: String = noPlan, getPACommand: String, cpus: String,
                               raceSeconds: String = "3", raceSeed: String = "random", raceIterations: String = "0") -> [String] {
        [binary, harnessVerb, "--variant", variant, "--topology", topology, "--plan", plan, "--first", first, "--get-pa-command", getPACommand, "--cpus", cpus,
         "--race-seconds", raceSeconds, "--race-seed", raceSeed, "--race-iterations", raceIterations,
         "--expectations", expectations, "--stream", cellsPort, "--format", "ktap", "--status-file", statusFile]
    }

    /// `--first` when no scenario goes first.
    public static let noPlan = "none"

    /// init says this just before it starts the harness: a kernel report
    /// before it happened during boot, in no cell.
    public static let harnessMarker = "vfio-conformance: starting the harness"
    /// init's last word on the console, followed by a `Status`.
    public static let doneMarker = "vfio-conformance: guest done status "
    /// A bare boot's init says this and powers off.
    public static let bareMarker = "vfio-conformance: bare guest up"
    /// A provoking boot's init says this before it provokes its report...
    public static let provokingMarker = "vfio-conformance: provoking"
    /// ...and this after it.
    public static let provokedMarker = "vfio-conformance: provoked"

    /// How the harness in a guest ended, as init reports it after `doneMarker`.
    public enum Status: Equatable, Sendable {
        /// It exited by itself with this code (0, 1, 2 or 4, kselftest's).
        case exited(Int32)
        /// Its watchdog saw no cell finish in time: stuck in the kernel.
        case wedged
        /// An oops killed its main thread; other threads live on.
        case killed

        /// Exit code of a harness whose watchdog fired.
        public static let wedgedExitCode: Int32 = 3

        public init?(_ word: String) {
            switch word {
            case "wedged": self = .wedged
            case "killed": self = .killed
            default:
                guard let code = Int32(word) else { return nil }
                self = code == Self.wedgedExitCode ? .wedged : .exited(code)
            }
        }

        /// What the status file and the console line say.
        public var word: String {
            switch self {
            case let .exited(code): String(code)
            case .wedged: "wedged"
            case .killed: "killed"
            }
        }
    }
}
