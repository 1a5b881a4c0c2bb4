import ArgumentParser
import Engine
import Glibc
import Lab

/// What every verb that boots lab guests takes: where the cache is, how
/// many guests run at once and how long one may run.
struct LabResourceOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Guests to run at once, at least 1 (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Cache for sources, the build tree, ccache and artifacts (default: $VFIO_CONFORMANCE_CACHE or ~/.cache/vfio-conformance).", valueName: "dir"))
    var cache: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds a guest may go without finishing a cell before it counts as hung (more than 0; default: 300, for mutants 180).", valueName: "seconds"))
    var guestTimeout: Double?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs): at least 1 guest must run at a time") }
        if let guestTimeout, !(guestTimeout.isFinite && guestTimeout > 0) {
            throw ValidationError("--guest-timeout \(guestTimeout): want a number of seconds above 0")
        }
    }

    /// The options given, by name, for refusing them without --vm.
    var given: [String] {
        [("--jobs", jobs != nil), ("--cache", cache != nil), ("--guest-timeout", guestTimeout != nil)].filter(\.1).map(\.0)
    }

    /// A lab run of `scenarios` with these resources; `guestTimeout` is the verb's default.
    func options(scenarios: [String], guestTimeout defaultTimeout: Double) throws -> LabOptions {
        var options = LabOptions(package: try PackageLocation.required(), catalog: ScenarioCatalog.all.map(\.name),
                                 scenarios: scenarios, jobs: jobs ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        options.cache = cache
        options.guestTimeout = guestTimeout ?? defaultTimeout
        return options
    }
}
