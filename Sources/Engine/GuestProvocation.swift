import Glibc
import Host
import Results

/// A provoking boot (`GuestBoot.Mode.provoke`): one kernel report for the
/// log fixtures (ci/capture-kmsg.sh), with the detectors made quick. The
/// provoking call runs on a thread of its own, since it may never return.
struct GuestProvocation {
    /// An lkdtm crash type, or MODULE:PARAM=VALUE,... for a self-test module
    /// that provokes its checker on load.
    var trigger: String

    /// How long the report has to reach the console before the guest powers off.
    static let settle: UInt32 = 25

    func run() {
        try? SysFile.write("5", to: "/proc/sys/kernel/hung_task_timeout_secs")
        try? SysFile.write("3", to: "/proc/sys/kernel/watchdog_thresh")
        _ = try? Subprocess.run(["mount", "-t", "debugfs", "debugfs", "/sys/kernel/debug"])
        GuestRun.console(GuestProtocol.provokingMarker + " " + trigger)
        let trigger = trigger
        _ = BackgroundCall { () -> Bool in
            if let colon = trigger.firstIndex(of: ":") {
                let parameters = trigger[trigger.index(after: colon)...].split(separator: ",").map(String.init)
                return (try? Subprocess.run(["modprobe", String(trigger[..<colon])] + parameters)) != nil
            }
            guard (try? Subprocess.run(["modprobe", "lkdtm"])) != nil else { return false }
            return (try? SysFile.write(trigger, to: "/sys/kernel/debug/provoke-crash/DIRECT")) != nil
        }
        sleep(Self.settle)
        GuestRun.console(GuestProtocol.provokedMarker)
    }
}
