import Host
import Results

/// A reproducing boot (`GuestBoot.Mode.reproduce`): the image's run.sh puts
/// the machine where the cell started and runs the reproducer; its output
/// goes to the console, then how it ended. It is waited for on a thread of
/// its own: a reproducer stuck in the kernel cannot even be reaped.
struct GuestReproduction {
    var seconds: Double

    func run() {
        GuestRun.console(GuestProtocol.reproducingMarker)
        let script = GuestProtocol.reproducerDirectory + "/run.sh"
        let seconds = seconds
        let call = BackgroundCall { () -> ProcessResult? in try? Subprocess.run(["sh", script], timeout: seconds) }
        guard let finished = call.wait(seconds: seconds + 5), let result = finished, !result.timedOut else {
            GuestRun.console(GuestProtocol.reproducedMarker + "hung")
            return
        }
        for line in result.output.split(separator: "\n") { GuestRun.console("repro: " + line) }
        GuestRun.console(GuestProtocol.reproducedMarker + String(result.status))
    }
}
