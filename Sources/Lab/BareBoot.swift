import Host
import Results

/// A boot that does not run the matrix: by default its harness only says it
/// is up and the guest powers off, which proves an accelerator works and is
/// the yardstick the benchmark compares runs to; `provoke` makes one kernel
/// report for the log fixtures.
public struct BareBoot: Sendable {
    var kernel: String
    var image: String
    var accelerator: Accelerator
    var paths: LabPaths
    var mode = GuestBoot.Mode.bare
    /// The variant's vCPUs: a checker's report is captured on the guest it runs on.
    var vcpus = 1

    /// Seconds from start to power-off and the console, or nil when the guest
    /// did not reach the bare marker and power off in time. With
    /// `toTheEnd: false` the console is returned however the boot ended: a
    /// provoked soft lockup stalls a one-CPU guest for good.
    public func boot(timeout: Double, toTheEnd: Bool = true) -> (seconds: Double, console: String)? {
        let console = paths.guests + "/bare-\(accelerator.rawValue).console.log"
        LabFile.remove(console)
        let qemu = QEMU(kernel: kernel, initramfs: image, topology: .noiommu, accelerator: accelerator,
                        console: console, cells: "/dev/null", boot: GuestBoot(mode, cpus: vcpus))
        let clock = Stopwatch()
        guard let result = try? Subprocess.run(qemu.arguments, timeout: timeout),
              let text = try? LabFile.read(console) else { return nil }
        if toTheEnd && (result.timedOut || !text.contains(GuestProtocol.bareMarker)) { return nil }
        return (clock.seconds, text)
    }

    public func run(timeout: Double) -> Double? { boot(timeout: timeout)?.seconds }
}

extension BareBoot {
    /// A bare boot of the unmodified kernel of `variant`, as the lab cached
    /// it (never a mutant's or a patched build), with an image of its own.
    public static func of(variant name: VariantName, paths: LabPaths, progress: Progress) throws(LabError) -> BareBoot {
        let source = try KernelSource.resolve(.default, paths: paths, progress: progress)
        let variant = try Variant.load([name], from: paths.variants)[0]
        let builder = KernelBuilder(paths: paths, source: source, patches: PatchSeries(patches: []), jobs: 1, progress: progress)
        let directory = builder.directory(for: variant.plan(on: try KconfigTree.read(tree: source.tree)))
        guard LabFile.exists(directory + "/done") else {
            throw .tool("the unmodified \(name) kernel is not built in \(paths.artifacts); run --matrix --vm --variants \(name) first")
        }
        let release = try LabFile.read(directory + "/release").split(separator: "\n").first.map(String.init) ?? ""
        let artifacts = KernelArtifacts(variant: name, directory: directory, release: release, kernel: source.release)
        let binary = try GuestBinary.prepare(override: nil, paths: paths, progress: progress)
        let image = try GuestImage.build(for: artifacts, binary: binary, paths: paths, name: "bare-\(name)")
        let accelerator = Accelerator.remembered(paths) ?? .tcg
        return BareBoot(kernel: artifacts.bzImage, image: image.path, accelerator: accelerator, paths: paths, vcpus: variant.vcpus)
    }

    /// `count` bare boots, each one's seconds.
    public func timed(count: Int) throws(LabError) -> [Double] {
        try (0..<count).map { _ throws(LabError) in
            guard let seconds = run(timeout: 60) else { throw .guest("bare boot of \(kernel) did not reach userspace") }
            return seconds
        }
    }

    /// Boots provoking `trigger` (an lkdtm crash type, or
    /// MODULE:PARAM=VALUE,... for a module that provokes its checker on
    /// load) and returns the console from the provocation on.
    public func provoke(_ trigger: String) throws(LabError) -> String {
        var boot = self
        boot.mode = .provoke(trigger)
        guard let console = boot.boot(timeout: 75, toTheEnd: false)?.console else { throw .guest("the provoking guest for \(trigger) did not start") }
        let lines = GuestSession.consoleLines(console)
        let start = lines.firstIndex { $0.contains(GuestProtocol.provokingMarker) } ?? lines.startIndex
        return lines[start...].filter { !$0.contains("vfio-conformance:") && !$0.contains("reboot: Power down") }
            .joined(separator: "\n")
    }
}
