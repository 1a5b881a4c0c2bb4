import Glibc
import Host
import Synchronization

/// Progress on the terminal: one updating line on a TTY, plain lines
/// elsewhere (CI logs), nothing with --quiet. Always on stderr, so stdout
/// carries only the report.
public final class Progress: Sendable {
    private let quiet: Bool
    private let terminal: Bool
    /// Whether the last thing written is a line the next one replaces.
    private let transient = Mutex(false)
    /// When a log (not a TTY) last got an update line.
    private let lastLogged = Mutex<ContinuousClock.Instant?>(nil)

    public init(quiet: Bool) {
        self.quiet = quiet
        terminal = isatty(2) == 1
    }

    /// A line that stays.
    public func note(_ text: String) {
        guard !quiet else { return }
        transient.withLock { transient in
            StandardError.write((transient ? "\r\u{1B}[K" : "") + text + "\n")
            transient = false
        }
    }

    /// A line the next one replaces, on a TTY; in a log, one such line every
    /// 30 seconds at most, so CI shows a long build is alive without flooding.
    public func update(_ text: String) {
        guard !quiet else { return }
        guard terminal else {
            let now = ContinuousClock.now
            let due = lastLogged.withLock { last in
                guard last.map({ now - $0 >= .seconds(30) }) ?? true else { return false }
                last = now
                return true
            }
            if due { note(text) }
            return
        }
        transient.withLock { transient in
            StandardError.write("\r\u{1B}[K" + String(text.prefix(150)))
            transient = true
        }
    }

    public static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" : "\(whole)s"
    }
}
