import ArgumentParser

/// Runs the scenario matrix against the running kernel, or with --vm in QEMU guests.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Run the scenario matrix (the default command).")

    /// Run the scenario matrix.
    @Flag(help: "Run the scenario matrix (against the running kernel, or in QEMU guests with --vm).")
    var matrix = false

    /// Build kernels and run in QEMU.
    @Flag(help: "Build the kernel variants and run the matrix in QEMU guests (host side).")
    var vm = false

    @OptionGroup(title: "Selection") var selection: SelectionOptions
    @OptionGroup(title: "Running kernel (without --vm)") var machine: MachineArguments
    @OptionGroup(title: "Kernels and guests (with --vm)") var lab: LabArguments
    @OptionGroup(title: "Races (both modes)") var race: RaceArguments
    @OptionGroup(title: "Output") var output: OutputOptions

    func validate() throws {
        if vm && !matrix { throw ValidationError("--vm goes with --matrix: vfio-conformance --matrix --vm") }
        // An option of the other mode would be ignored: say so instead.
        if vm, let first = machine.given.first {
            throw ValidationError("\(first) applies to a run against the running kernel (without --vm); with --vm the lab picks the device, variant and topology of each guest")
        }
        if !vm, let first = lab.given.first {
            throw ValidationError("\(first) applies to building kernels and running guests: add --vm (vfio-conformance --matrix --vm \(first) ...)")
        }
        if vm { try lab.validateForLab() }
    }

    func run() throws {
        guard matrix else { throw CleanExit.helpRequest(VFIOConformance.self) }
        let scenarios = try selection.scenarios()
        let document = vm ? try lab.run(scenarios: scenarios, output: output, race: race)
                          : try machine.run(scenarios: scenarios, output: output, race: try race.settings)
        try output.finish(document)
    }
}
