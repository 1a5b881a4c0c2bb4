import ArgumentParser
import Lab
import Results

/// Boots a variant's kernel with an init that only powers off: the
/// yardstick for guest overhead (ci/bench.sh).
struct BareBootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bare-boot", abstract: "Time a bare boot of a built variant (for benchmarks).")

    @Option(help: "The variant, as built by --matrix --vm.") var variant: VariantName = "legacy"
    @Option(help: "Cache directory, as for --matrix --vm.") var cache: String?
    @Option(help: "Boots to average.") var count = 3

    func run() throws {
        let paths = LabPaths(cache: cache, package: try PackageLocation.required())
        let seconds = try BareBoot.of(variant: variant, paths: paths, progress: Progress(quiet: true)).timed(count: count)
        print("bare boot \(variant): \(seconds.map { String(Double(Int($0 * 100)) / 100) }.joined(separator: " ")) s")
    }
}
