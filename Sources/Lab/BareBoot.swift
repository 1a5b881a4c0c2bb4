import Host

/// A boot whose init only says it is up and powers off: proves an
/// accelerator works, and is the yardstick the benchmark compares runs to.
public struct BareBoot: Sendable {
    var kernel: String
    var image: String
    var accelerator: Accelerator
    var paths: LabPaths

    /// Seconds from start to power-off, or nil when the guest never got to userspace.
    public func run(timeout: Double) -> Double? {
        let console = paths.guests + "/bare-\(accelerator.rawValue).console.log"
        LabFile.remove(console)
        let qemu = QEMU(kernel: kernel, initramfs: image, topology: .noiommu, accelerator: accelerator,
                        console: console, cells: "/dev/null", parameters: "vfioc.bare=1")
        let clock = Stopwatch()
        guard let result = try? Subprocess.run(qemu.arguments, timeout: timeout), !result.timedOut,
              ((try? LabFile.read(console)) ?? "").contains(GuestImage.bareMarker) else { return nil }
        return clock.seconds
    }
}

extension BareBoot {
    /// Boots the newest cached build of `variant` `count` times with the
    /// accelerator the lab chose, and returns each boot's seconds.
    public static func timed(variant: String, paths: LabPaths, count: Int) throws(LabError) -> [Double] {
        let builds = LabFile.list(paths.artifacts).filter { $0.hasPrefix(variant + "-") && LabFile.exists(paths.artifacts + "/\($0)/done") }
        guard let newest = builds.max(by: { (try? LabFile.modified(paths.artifacts + "/" + $0)) ?? 0 < (try? LabFile.modified(paths.artifacts + "/" + $1)) ?? 0 }) else {
            throw .tool("no built kernel for variant \(variant) in \(paths.artifacts); run --matrix --vm first")
        }
        let image = paths.guests + "/\(variant)/initramfs.cpio"
        guard LabFile.exists(image) else { throw .tool("no guest image \(image); run --matrix --vm first") }
        let accelerator = Accelerator(rawValue: String(((try? LabFile.read(paths.accelerator)) ?? "tcg").prefix(3))) ?? .tcg
        let boot = BareBoot(kernel: paths.artifacts + "/\(newest)/bzImage", image: image, accelerator: accelerator, paths: paths)
        return try (0..<count).map { _ throws(LabError) in
            guard let seconds = boot.run(timeout: 60) else { throw .guest("bare boot of \(variant) did not reach userspace") }
            return seconds
        }
    }
}
