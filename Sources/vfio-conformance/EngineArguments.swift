import ArgumentParser
import Dispatch
import Engine
import FoundationEssentials
import Glibc
import Host
import Probes
import Results
import Synchronization

/// Options for running the matrix against the running kernel.
struct EngineArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The device to bind: a PCI address (0000:00:04.0) or vendor:device (1234:11e8). Default: QEMU's edu, else pci-testdev.", valueName: "device"))
    var device: String?

    @Flag(help: "The device named with --device is spare: this machine may lose it until reboot. Needed for any device but QEMU's edu and pci-testdev (being a VM does not make a device spare); a device backing a mounted filesystem or swap, an up network interface or the console is refused regardless.")
    var deviceIsDisposable = false

    @Option(help: "Name of this kernel variant in the results (default: uname -r).")
    var variant: String?

    @Option(help: "Name of this topology in the results (default: noiommu or viommu, from whether the device has an IOMMU group).")
    var topology: String?

    @Option(help: ArgumentHelp("The expectation table (default: Fixtures/expectations/vfio.expect of this package, or the guest's copy).", valueName: "file"))
    var expectations: String?

    @Option(help: ArgumentHelp("Modules directory for libkmod (default: /lib/modules/$(uname -r)).", valueName: "dir"))
    var modulesDir: String?

    @Option(help: ArgumentHelp("Stream each cell as one JSON line to this file or device as it finishes.", valueName: "path"))
    var stream: String?

    @Option(help: ArgumentHelp("The iommufd command number of the noiommu PA query, as the kernel's include/uapi/linux/iommufd.h numbers IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA (IOMMUFD_CMD_IOAS_GET_PA in early versions of the series), or `none`. A lab run reads it from the tree; the default is the merged series' 0x95 (149). A kernel without the ioctl answers ENOTTY, which the scenarios record.", valueName: "n"),
    )
    var getPACommand = "0x95"

    static func command(_ text: String) throws -> UInt8? {
        if text == "none" { return nil }
        let value = text.hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
        guard let value, value >= 0x80 else {
            throw ValidationError("--get-pa-command \(text): want an iommufd command number from 0x80 to 0xff (e.g. 0x95) or none")
        }
        return value
    }

    @Flag(help: "Run on a machine that is not a VM. It toggles unsafe noiommu mode and rebinds devices: only on a disposable machine.")
    var allowHost = false

    @Flag(help: .hidden) var guest = false
    /// Written with the exit status just before exiting (a lab guest's init waits for it).
    @Option(help: .hidden) var statusFile: String?
    @Option(help: .hidden) var plan: String?
    @Option(help: .hidden) var root: String = "/"

    /// The options given, by name, for refusing them with --vm.
    var given: [String] {
        let named: [(String, Bool)] = [
            ("--device", device != nil), ("--device-is-disposable", deviceIsDisposable), ("--variant", variant != nil),
            ("--topology", topology != nil), ("--expectations", expectations != nil), ("--modules-dir", modulesDir != nil),
            ("--stream", stream != nil), ("--allow-host", allowHost), ("--get-pa-command", getPACommand != "0x95"),
            ("--guest", guest), ("--status-file", statusFile != nil), ("--plan", plan != nil), ("--root", root != "/"),
        ]
        return named.filter(\.1).map(\.0)
    }

    func run(scenarios: [Scenario], output: OutputOptions) throws -> ResultsDocument {
        let catalog = ScenarioCatalog.all.map(\.name)
        var selected = scenarios
        if let plan {
            guard let decoded = ScenarioPlan(encoded: plan, catalog: catalog) else {
                throw ValidationError("--plan \(plan): not a plan for this binary's \(catalog.count) scenarios (catalog \(ScenarioPlan.fingerprint(of: catalog))); the guest binary and the host were built from different sources")
            }
            let names = Set(decoded.names(in: catalog))
            selected = selected.filter { names.contains($0.name) }
        }
        if deviceIsDisposable && device == nil {
            throw ValidationError("--device-is-disposable says a device named with --device is spare; name it with --device (without --device only edu or pci-testdev is used, which needs no flag)")
        }
        var options = EngineOptions(expectations: try expectations ?? PackageLocation.expectations())
        options.root = root
        options.device = device
        options.deviceIsDisposable = deviceIsDisposable
        options.getPACommand = try Self.command(getPACommand)
        options.variant = variant
        options.topology = topology
        options.modulesDirectory = modulesDir
        options.allowHost = allowHost
        let environment = try TestEnvironment.detect(options, executable: Subprocess.executablePath())
        let sink = try stream.map(CellSink.init(path:))
        let kmsg = try? KmsgWatcher(path: environment.root.dev("kmsg"))
        let stop = Atomic(false)
        let signals = SignalHandler { stop.store(true, ordering: .relaxed) }
        defer { signals.cancel() }
        let progress = output.quiet ? nil : CellProgress(total: selected.count)
        let runner = MatrixRunner(environment: environment, scenarios: selected, kmsg: kmsg)
        let watchdog = statusFile.map { CellWatchdog(statusFile: $0, limit: 120) }
        let cells = runner.run(stopAfterFault: guest, interrupted: { stop.load(ordering: .relaxed) }) { cell in
            watchdog?.progress()
            do { try sink?.write(cell) } catch {
                // On stderr, a guest's console, which the host keeps in the guest's console log.
                var bytes = Array("Error: \(error)\n".utf8)
                _ = write(2, &bytes, bytes.count)
            }
            progress?.show(cell)
        }
        if stop.load(ordering: .relaxed) { throw ExitCode(130) }
        let features = environment.features
        let run = RunInfo(source: "running kernel \(environment.kernel)", variants: [
            VariantInfo(name: environment.variant, description: "container \(features.container), group \(features.group), noiommu \(features.noiommu), cdev \(features.cdev)"),
        ], topologies: [environment.topology])
        return ResultsDocument(run: run, cells: cells)
    }
}
