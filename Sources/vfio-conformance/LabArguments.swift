import ArgumentParser
import Engine
import FoundationEssentials
import Lab
import Results

/// Options for building kernels and running guests.
struct LabArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Kernels to build and run, comma-separated: debian-MAJOR.MINOR[=VERSION] (debian-6.12, debian-7.3=7.3.4-1~bpo13+1: Debian's linux-source packages, pinned to a version if given; `ci/install-deps.sh --kernels LIST` installs them from whichever suite carries them) or a path to a kernel tree. Each is a dimension of the matrix (default: debian-6.12).", valueName: "list"),
            transform: { try CommaList.parse($0, option: "--kernels", example: "debian-6.12,debian-6.1") })
    var kernels: [KernelChoice]?

    @Option(help: ArgumentHelp("One kernel tree to build: the one-kernel form of --kernels.", valueName: "dir"))
    var source: String?

    @Option(help: ArgumentHelp("Patches to apply first: a directory of *.patch files, one patch, or an mbox; in order.", valueName: "path"))
    var patches: String?

    @Flag(help: "With --patches: run the matrix on the base tree and again after each patch in order (bisectability), building incrementally in the shared tree; every cell says which patch it ran at.")
    var eachPatch = false

    @Option(help: ArgumentHelp("Config variants, comma-separated (default: \(Variant.defaults.map(\.rawValue).joined(separator: ","))). See `list`.", valueName: "names"),
            transform: { try CommaList.parse($0, option: "--variants", example: "legacy,cdev-only") })
    var variants: [VariantName]?

    @Option(help: ArgumentHelp("Guest topologies, comma-separated: \(Topology.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).", valueName: "names"),
            transform: { try CommaList.parse($0, option: "--topologies", example: "noiommu,viommu") })
    var topologies: [Topology]?

    @Flag(help: "The depth tier: add the checker variants (\(Variant.depth.map(\.rawValue).joined(separator: ", ")): KASAN, KFENCE, lockdep, UBSAN, list and object debugging; KCSAN on the race and toggle scenarios) on guests of two or more vCPUs, where races can happen. Slower; the default matrix stays fast.")
    var depth = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Run only shard i of n of the variants, for splitting a matrix across CI jobs; join with `merge`.", valueName: "i/n"))
    var shard: String?

    @Flag(help: "Continue an interrupted run: cells already in the journal next to --results are not run again.")
    var resume = false

    @Option(help: ArgumentHelp("Use this binary in the guests instead of building one.", valueName: "path"))
    var guestBinary: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Give every guest n vCPUs instead of its variant's own (1 for the default variants, 2 for the checker tier's): the default variants' race/* cells race only on 2 or more.", valueName: "n"))
    var vcpus: Int?

    @Flag(help: "Build the kernels with debug info, so crash evidence decodes its frames to file:line (kept in a build tree of its own: the first run rebuilds the kernel cold).")
    var debugInfo = false

    @OptionGroup var resources: LabResourceOptions

    /// Everything that can be checked without touching the cache or a tree.
    func validate() throws {
        if kernels != nil && source != nil {
            throw ValidationError("--source and --kernels both name kernels; use --kernels DIR,... for several, --source DIR for one")
        }
        if let vcpus, !(1...8).contains(vcpus) {
            throw ValidationError("--vcpus \(vcpus): want a number of vCPUs from 1 to 8")
        }
        if eachPatch && patches == nil {
            throw ValidationError("--each-patch needs --patches SERIES: the series to test patch by patch (a directory, an mbox or one patch)")
        }
    }

    /// The options given, by name, for refusing them without --vm.
    var given: [String] {
        let named: [(String, Bool)] = [
            ("--kernels", kernels != nil), ("--source", source != nil), ("--patches", patches != nil), ("--each-patch", eachPatch),
            ("--variants", variants != nil), ("--topologies", topologies != nil), ("--depth", depth),
            ("--shard", shard != nil), ("--resume", resume), ("--guest-binary", guestBinary != nil),
            ("--debug-info", debugInfo), ("--vcpus", vcpus != nil),
        ]
        return named.filter(\.1).map(\.0) + resources.given
    }

    /// What needs the host's files: only with --vm (a guest has none).
    /// The variants, shard, kernels and patches are refused by `LabRun`
    /// as it loads them, before any work.
    func validateForLab() throws {
        if let guestBinary, !FileManager.default.isExecutableFile(atPath: guestBinary) {
            throw ValidationError("--guest-binary \(guestBinary): no such executable file")
        }
        if let source, !FileManager.default.fileExists(atPath: source) {
            throw ValidationError("--source \(source): no such directory")
        }
    }

    func options(scenarios: [Scenario], output: OutputOptions, race: RaceArguments = RaceArguments()) throws -> LabOptions {
        var options = try resources.options(scenarios: scenarios.map(\.name), guestTimeout: LabOptions.defaultGuestTimeout)
        if let kernels { options.kernels = kernels }
        if let source { options.kernels = [.tree(path: source)] }
        options.patches = patches
        options.eachPatch = eachPatch
        options.variants = variants
        options.depth = depth
        if let topologies { options.topologies = topologies }
        options.shard = try shard.map(LabOptions.parseShard)
        options.resume = resume
        options.results = output.run.results
        options.guestBinary = guestBinary
        options.debugInfo = debugInfo
        options.vcpus = vcpus
        options.quiet = output.run.quiet
        options.keepCalls = output.repro != nil
        try race.ask(&options)
        return options
    }

    func run(scenarios: [Scenario], output: OutputOptions, race: RaceArguments) throws -> ResultsDocument {
        let progress = Progress(quiet: output.run.quiet)
        let lab = try LabRun(options: try options(scenarios: scenarios, output: output, race: race), progress: progress)
        let eachPatch = eachPatch
        let prove = output.repro != nil
        return try lab.run(emit: { cell in
            guard cell.outcome != .skip else { return }
            let step = eachPatch ? cell.patch.map { "patch \($0.index): " } ?? "" : ""
            let line = "\(cell.outcome.rawValue.uppercased()) \(step)\(cell.key)"
            progress.note(cell.outcome == .pass || cell.outcome == .skip ? line : line + ": " + cell.evidence.summary)
        }, reproducers: { ReproducerRequests.attach($0, prove: prove) })
    }
}
