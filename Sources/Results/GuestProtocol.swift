/// What a lab guest and the host say to each other, in one place: the init
/// script the lab writes, the harness inside the guest and the host reading
/// the guest's console and results port all use these, and the command line
/// init starts the binary with. What the host tells a guest is `GuestBoot`.
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

    /// Where the harness reads what the host said (`GuestBoot`).
    public static let commandLine = "/proc/cmdline"

    /// How init starts the harness: the same words on every boot, since
    /// what differs between boots is on the kernel command line.
    public static let harness = [binary, harnessVerb, "--boot", commandLine, "--expectations", expectations,
                                 "--stream", cellsPort, "--format", "ktap", "--status-file", statusFile]

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
    /// Where a reproducing boot's image holds the reproducer (repro, run.sh).
    public static let reproducerDirectory = "/repro"
    /// A reproducing boot says this before the reproducer runs...
    public static let reproducingMarker = "vfio-conformance: reproducer starts"
    /// ...and this after it, followed by its exit status or "hung".
    public static let reproducedMarker = "vfio-conformance: reproducer exit "

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
