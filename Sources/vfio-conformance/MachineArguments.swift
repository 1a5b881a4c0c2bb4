import ArgumentParser
import Engine
import Results

/// Options for running the matrix against the kernel of the machine the
/// user runs it on: which device it may take, and whether it may run
/// outside a VM.
struct MachineArguments: ParsableArguments {
    @Option(help: ArgumentHelp("The device to bind: a PCI address (0000:00:04.0) or vendor:device (1234:11e8). Default: QEMU's edu, else pci-testdev.", valueName: "device"))
    var device: String?

    @Flag(help: "The device named with --device is spare: this machine may lose it until reboot. Needed for any device but QEMU's edu and pci-testdev (being a VM does not make a device spare); a device backing a mounted filesystem or swap, an up network interface or the console is refused regardless.")
    var deviceIsDisposable = false

    @OptionGroup var engine: EngineArguments

    @Option(help: ArgumentHelp("Modules directory for libkmod (default: /lib/modules/$(uname -r)).", valueName: "dir"))
    var modulesDir: String?

    @Flag(help: "Run on a machine that is not a VM. It toggles unsafe noiommu mode and rebinds devices: only on a disposable machine.")
    var allowHost = false

    /// The options given, by name, for refusing them with --vm.
    var given: [String] {
        let named: [(String, Bool)] = [
            ("--device", device != nil), ("--device-is-disposable", deviceIsDisposable),
            ("--modules-dir", modulesDir != nil), ("--allow-host", allowHost),
        ]
        return named.filter(\.1).map(\.0) + engine.given
    }

    func run(scenarios: [Scenario], output: OutputOptions, race: RaceSettings) throws -> ResultsDocument {
        if deviceIsDisposable && device == nil {
            throw ValidationError("--device-is-disposable says a device named with --device is spare; name it with --device (without --device only edu or pci-testdev is used, which needs no flag)")
        }
        var options = try engine.options()
        options.device = device
        options.deviceIsDisposable = deviceIsDisposable
        options.modulesDirectory = modulesDir
        options.allowHost = allowHost
        options.race = race
        options.keepCalls = output.repro != nil
        do {
            return try EngineRun(options: options, scenarios: scenarios, stream: engine.stream, caller: .user(quiet: output.run.quiet)).run()
        } catch EngineError.interrupted {
            throw ExitCode(130)
        }
    }
}
