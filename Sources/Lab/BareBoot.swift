import Host

/// A boot whose init does not run the matrix: by default it only says it is
/// up and powers off, which proves an accelerator works and is the yardstick
/// the benchmark compares runs to; with `vfioc.lkdtm=TYPE` it provokes one
/// kernel report for the log fixtures.
public struct BareBoot: Sendable {
    var kernel: String
    var image: String
    var accelerator: Accelerator
    var paths: LabPaths
    var parameters = "vfioc.bare=1"
    var marker = GuestImage.bareMarker

    /// Seconds from start to power-off and the console, or nil when the guest
    /// never got as far as the marker.
    public func boot(timeout: Double) -> (seconds: Double, console: String)? {
        let console = paths.guests + "/bare-\(accelerator.rawValue).console.log"
        LabFile.remove(console)
        let qemu = QEMU(kernel: kernel, initramfs: image, topology: .noiommu, accelerator: accelerator,
                        console: console, cells: "/dev/null", parameters: parameters)
        let clock = Stopwatch()
        guard let result = try? Subprocess.run(qemu.arguments, timeout: timeout), !result.timedOut,
              let text = try? LabFile.read(console), text.contains(marker) || marker.isEmpty else { return nil }
        return (clock.seconds, text)
    }

    public func run(timeout: Double) -> Double? { boot(timeout: timeout)?.seconds }
}

extension BareBoot {
    /// A bare boot of the newest cached build of `variant`, with the
    /// accelerator the lab chose and the guest image it last made.
    public static func of(variant: String, paths: LabPaths) throws(LabError) -> BareBoot {
        let builds = LabFile.list(paths.artifacts).filter { $0.hasPrefix(variant + "-") && LabFile.exists(paths.artifacts + "/\($0)/done") }
        guard let newest = builds.max(by: { (try? LabFile.modified(paths.artifacts + "/" + $0)) ?? 0 < (try? LabFile.modified(paths.artifacts + "/" + $1)) ?? 0 }) else {
            throw .tool("no built kernel for variant \(variant) in \(paths.artifacts); run --matrix --vm first")
        }
        let image = paths.guests + "/\(variant)/initramfs.cpio"
        guard LabFile.exists(image) else { throw .tool("no guest image \(image); run --matrix --vm first") }
        let accelerator = Accelerator(rawValue: String(((try? LabFile.read(paths.accelerator)) ?? "tcg").prefix(3))) ?? .tcg
        return BareBoot(kernel: paths.artifacts + "/\(newest)/bzImage", image: image, accelerator: accelerator, paths: paths)
    }

    /// `count` bare boots, each one's seconds.
    public func timed(count: Int) throws(LabError) -> [Double] {
        try (0..<count).map { _ throws(LabError) in
            guard let seconds = run(timeout: 60) else { throw .guest("bare boot of \(kernel) did not reach userspace") }
            return seconds
        }
    }

    /// Boots with lkdtm provoking `trigger` and returns the console from the
    /// provocation on.
    public func provoke(_ trigger: String) throws(LabError) -> String {
        var boot = self
        boot.parameters = "vfioc.lkdtm=\(trigger)"
        boot.marker = ""
        guard let console = boot.boot(timeout: 90)?.console else { throw .guest("the lkdtm guest for \(trigger) did not finish") }
        let lines = console.split(separator: "\n", omittingEmptySubsequences: false)
        let start = lines.firstIndex { $0.contains("lkdtm: Performing direct entry") } ?? lines.startIndex
        return lines[start...].filter { !$0.contains("vfio-conformance:") && !$0.contains("reboot: Power down") }
            .joined(separator: "\n")
    }
}
