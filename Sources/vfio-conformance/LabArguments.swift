import ArgumentParser
import Engine
import Glibc
import Lab
import Results

/// Options for building kernels and running guests.
struct LabArguments: ParsableArguments {
    @Option(help: ArgumentHelp("Kernels to build and run, comma-separated: debian-6.1, debian-6.12 (Debian's linux-source packages; `ci/install-deps.sh --kernels LIST` installs them) or a path to a kernel tree. Each is a dimension of the matrix (default: debian-6.12).", valueName: "list"),
            transform: LabArguments.kernelList)
    var kernels: [KernelChoice]?

    @Option(help: ArgumentHelp("One kernel tree to build: the one-kernel form of --kernels.", valueName: "dir"))
    var source: String?

    @Option(help: ArgumentHelp("Patches to apply first: a directory of *.patch files, one patch, or an mbox; in order.", valueName: "path"))
    var patches: String?

    @Option(help: ArgumentHelp("Config variants, comma-separated (default: \(Variant.defaults.joined(separator: ","))). See `list`.", valueName: "names"))
    var variants: String?

    @Option(help: ArgumentHelp("Guest topologies, comma-separated: noiommu, viommu (default: both).", valueName: "names"))
    var topologies: String?

    @Option(help: "Guests to run at once (default: the number of cores).")
    var jobs: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    @Option(help: ArgumentHelp("Run only shard i of n of the variants, for splitting a matrix across CI jobs; join with `merge`.", valueName: "i/n"))
    var shard: String?

    @Flag(help: "Continue an interrupted run: cells already in the journal next to --results are not run again.")
    var resume = false

    @Option(help: ArgumentHelp("Cache for sources, the build tree, ccache and artifacts (default: $VFIO_CONFORMANCE_CACHE or ~/.cache/vfio-conformance).", valueName: "dir"))
    var cache: String?

    @Option(help: ArgumentHelp("Use this binary in the guests instead of building one.", valueName: "path"))
    var guestBinary: String?

    @Option(help: "Seconds a guest may run before it counts as hung.")
    var guestTimeout: Double = 300

    func options(scenarios: [Scenario], output: OutputOptions) throws -> LabOptions {
        var options = LabOptions(package: try PackageLocation.required(), catalog: ScenarioCatalog.all.map(\.name),
                                 scenarios: scenarios.map(\.name), jobs: max(1, jobs))
        if let kernels { options.kernels = kernels }
        if let source { options.kernels = [.tree(path: source)] }
        options.patches = patches
        options.variants = variants.map { $0.split(separator: ",").map(String.init) }
        if let topologies {
            options.topologies = try topologies.split(separator: ",").map { name in
                guard let topology = Topology(rawValue: String(name)) else {
                    throw ValidationError("--topologies: unknown topology `\(name)`; known: \(Topology.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return topology
            }
        }
        options.shard = try shard.map(LabOptions.parseShard)
        options.resume = resume
        options.results = output.results
        options.cache = cache
        options.guestBinary = guestBinary
        options.guestTimeout = guestTimeout
        options.quiet = output.quiet
        return options
    }

    func validate() throws {
        if kernels != nil && source != nil {
            throw ValidationError("--source and --kernels both name kernels; use --kernels DIR,... for several, --source DIR for one")
        }
    }

    static func kernelList(_ text: String) throws -> [KernelChoice] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !items.allSatisfy(\.isEmpty) else { throw ValidationError("--kernels '\(text)': names no kernel; e.g. --kernels debian-6.12,debian-6.1") }
        do { return try items.map { item throws(LabError) in try KernelChoice(parsing: item) } } catch { throw ValidationError("\(error)") }
    }

    func run(scenarios: [Scenario], output: OutputOptions) throws -> ResultsDocument {
        let progress = Progress(quiet: output.quiet)
        let lab = LabRun(options: try options(scenarios: scenarios, output: output), progress: progress)
        return try lab.run { cell in
            guard cell.outcome != .skip else { return }
            let line = "\(cell.outcome.rawValue.uppercased()) \(cell.key)"
            progress.note(cell.outcome == .pass || cell.outcome == .skip ? line : line + ": " + cell.evidence.summary)
        }
    }
}
