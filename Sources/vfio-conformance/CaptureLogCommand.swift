import ArgumentParser
import Lab
import Results

/// Boots a built variant, has lkdtm or a self-test module provoke one kernel report and prints the
/// console from there on: real guest text for the classifier's fixtures
/// (ci/capture-kmsg.sh writes them).
struct CaptureLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capture-log", shouldDisplay: false)

    @Argument(help: "An lkdtm crash type (BUG, WARNING, READ_AFTER_FREE, ...) or MODULE:PARAM=VALUE,... (rcutorture:object_debug=1)")
    var trigger: String

    @Option var variant: VariantName = "legacy"
    @Option var cache: String?

    func run() throws {
        let paths = LabPaths(cache: cache, package: try PackageLocation.required())
        print(try BareBoot.of(variant: variant, paths: paths, progress: Progress(quiet: true)).provoke(trigger))
    }
}
