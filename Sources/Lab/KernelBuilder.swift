import FoundationEssentials
import Host
import Probes
import Results

/// Builds variants in ONE build tree per source: switching variants then
/// recompiles only the objects whose options changed (about ten files for a
/// VFIO switch), where a fresh tree would rebuild everything. Artifacts are
/// cached under a key of source, patches and fragments, so an unchanged
/// rerun builds nothing.
public struct KernelBuilder: Sendable {
    public var paths: LabPaths
    public var source: KernelSource
    public var patches: PatchSeries
    public var jobs: Int
    public var progress: Progress

    /// Bumped when the recipe below changes what an artifact contains.
    static let recipe = "2"

    public init(paths: LabPaths, source: KernelSource, patches: PatchSeries, jobs: Int, progress: Progress) {
        self.paths = paths
        self.source = source
        self.patches = patches
        self.jobs = jobs
        self.progress = progress
    }

    /// The tree's build directory for a plan: one per set of options that
    /// change the compiler's flags for every object (debug info, the
    /// sanitizers), since variants switching between such sets would rebuild
    /// everything each time. Plain variants share the tree without a suffix.
    func buildTree(for plan: VariantPlan) -> String {
        plainTree + Self.treeSuffix(plan)
    }

    /// "" for a plain plan, "-debuginfo" with debug info, "-debuginfo-kasan-ubsan" for the checkers.
    static func treeSuffix(_ plan: VariantPlan) -> String {
        flagFamilies.filter { family in plan.options.contains { $0.option.hasPrefix(family.prefix) && $0.value == "y" } }
            .map { "-" + $0.name }.joined()
    }

    /// Options whose "y" adds compiler flags to every object, by the prefix
    /// the tree's Kconfig gives them and the name their build tree carries.
    private static let flagFamilies = [
        (prefix: "CONFIG_DEBUG_INFO_DWARF", name: "debuginfo"), (prefix: "CONFIG_KASAN_GENERIC", name: "kasan"),
        (prefix: "CONFIG_UBSAN_BOUNDS", name: "ubsan"), (prefix: "CONFIG_KCSAN", name: "kcsan"),
        (prefix: "CONFIG_KCOV", name: "kcov"), (prefix: "CONFIG_GCOV_KERNEL", name: "gcov"),
    ]

    private var plainTree: String { paths.builds + "/" + ContentKey.of(source.tree) }

    func key(for plan: VariantPlan) -> String {
        var key = ContentKey()
        key.add(Self.recipe)
        key.add(source.identity)
        patches.key(into: &key)
        key.add(plan.fragment)
        return key.hex
    }

    /// Where a variant's artifacts live: one directory per kernel, variant and key.
    func directory(for plan: VariantPlan) -> String {
        paths.artifacts + "/\(source.release)-\(plan.variant.name)-\(key(for: plan))"
    }

    /// The variant's artifacts, built if not cached; nil with the state and
    /// reason when the tree cannot have it or Kconfig dropped what it asked.
    public func build(_ plan: VariantPlan, tree kconfig: KconfigTree) throws(LabError) -> (info: VariantInfo, artifacts: KernelArtifacts?) {
        let name = "\(source.release)/\(plan.variant.name)"
        if let reason = plan.unavailable {
            progress.note("kernel \(name): NOT AVAILABLE on this kernel: \(reason)")
            return (plan.info(kernel: source.release, state: .unavailable), nil)
        }
        let directory = directory(for: plan), buildTree = buildTree(for: plan)
        if LabFile.exists(directory + "/done") {
            progress.note("kernel \(name): cached (\(directory))")
            return (plan.info(kernel: source.release, state: .runs), try artifacts(plan.variant, directory))
        }
        try LabFile.makeDirectory(directory)
        try LabFile.makeDirectory(buildTree)
        let fragment = directory + "/fragment.config"
        try LabFile.write(plan.fragment, to: fragment)
        let log = directory + "/build.log"
        try make(["KCONFIG_ALLCONFIG=\(fragment)", "allnoconfig"], in: buildTree, log: log)
        let config = KernelConfig(text: try LabFile.read(buildTree + "/.config"))
        let dropped = plan.dropped(by: config)
        // Never cached: configuring takes seconds, and a stale verdict would outlive its cause.
        if !dropped.isEmpty {
            let reason = plan.reasons(droppedBy: config, tree: kconfig).joined(separator: "; ")
            progress.note("kernel \(name): DROPPED by Kconfig: \(reason)")
            return (plan.info(kernel: source.release, state: .dropped, reason: reason, dropped: dropped), nil)
        }
        let clock = Stopwatch()
        let compile = makeCall(["-j\(jobs)", "bzImage", "modules"], in: buildTree, log: log)
        // A full build of this tree compiled this many objects last time: the yardstick for an estimate.
        let fullBuild = (try? LabFile.read(buildTree + "/.vfio-conformance-objects")).flatMap { Int($0) }
        var objects = 0
        while compile.wait(seconds: 1) == nil {
            objects = ((try? LabFile.read(log)) ?? "").split(separator: "\n").count { $0.hasPrefix("  CC") }
            progress.update("kernel \(name): " + Self.estimate(objects: objects, of: fullBuild, after: clock.seconds))
        }
        if let failure = compile.wait(seconds: 0) ?? nil {
            let errors = CompilerErrors.first(in: (try? LabFile.read(failure)) ?? "", tree: source.tree)
            guard !errors.isEmpty, !Subprocess.isTerminating else { throw .build(variant: name, log: failure) }
            progress.note("kernel \(name): BUILD FAILED: \(errors[0])")
            return (plan.info(kernel: source.release, state: .buildFailed, reason: (errors + ["log: \(failure)"]).joined(separator: "\n")), nil)
        }
        if objects > (fullBuild ?? 0) { try? LabFile.write(String(objects), to: buildTree + "/.vfio-conformance-objects") }
        LabFile.remove(directory + "/modroot")
        try make(["INSTALL_MOD_PATH=\(directory)/modroot", "INSTALL_MOD_STRIP=1", "modules_install"], in: buildTree, log: log)
        try Command.run(["cp", buildTree + "/arch/x86/boot/bzImage", directory + "/bzImage"])
        try Command.run(["cp", buildTree + "/.config", directory + "/config"])
        // What decoding a crash's frames needs, kept before the tree moves on to another variant.
        LabFile.remove(directory + "/debug")
        if config.value("CONFIG_DEBUG_INFO") == "y" {
            try LabFile.makeDirectory(directory + "/debug")
            // A link where the cache is one file system, else a copy.
            try Command.run(["sh", "-c", "ln -f \"$0\" \"$1\" 2>/dev/null || cp \"$0\" \"$1\"",
                             try compressedVmlinux(in: buildTree), directory + "/debug/vmlinux"])
            try make(["INSTALL_MOD_PATH=\(directory)/debug/modroot", "modules_install"], in: buildTree, log: log)
        }
        let release = try Command.run(["make", "-s", "-C", source.tree, "O=\(buildTree)", "ARCH=x86_64", "kernelrelease"])
        try LabFile.write(release, to: directory + "/release")
        let header = (try? LabFile.read(source.tree + "/" + IommufdHeader.path)) ?? ""
        try LabFile.write(IommufdHeader.getPACommand(in: header).map { "\($0)\n" } ?? "", to: directory + "/getpa")
        try LabFile.write("", to: directory + "/done")
        progress.note("kernel \(name): built in \(Progress.clock(clock.seconds))")
        return (plan.info(kernel: source.release, state: .runs), try artifacts(plan.variant, directory))
    }

    /// The tree's vmlinux with compressed debug sections (nm and addr2line
    /// read zlib sections), made again only when vmlinux was relinked: a
    /// mutant or a variant switch that changes only modules leaves it alone,
    /// and its artifacts share one file.
    private func compressedVmlinux(in buildTree: String) throws(LabError) -> String {
        let compressed = buildTree + "/.vfio-conformance-vmlinux.zdebug", stamp = compressed + ".stamp"
        let current = "\((try? LabFile.modified(buildTree + "/vmlinux")) ?? 0) \(LabFile.size(buildTree + "/vmlinux"))"
        if LabFile.exists(compressed), (try? LabFile.read(stamp)) == current { return compressed }
        LabFile.remove(compressed)
        try Command.run(["objcopy", "--compress-debug-sections=zlib", buildTree + "/vmlinux", compressed])
        try LabFile.write(current, to: stamp)
        return compressed
    }

    /// "812 of ~1900 objects, about 1m40s left" once there is a yardstick and
    /// enough progress to extrapolate from; a plain count before that.
    static func estimate(objects: Int, of full: Int?, after seconds: Double) -> String {
        let elapsed = Progress.clock(seconds)
        guard let full, objects >= 20, objects < full, full > 200 else {
            return "building, \(objects) objects compiled, \(elapsed)"
        }
        let left = seconds / Double(objects) * Double(full - objects)
        return "building, \(objects) of ~\(full) objects, \(elapsed), about \(Progress.clock(left)) left"
    }

    private func artifacts(_ variant: Variant, _ directory: String) throws(LabError) -> KernelArtifacts {
        let release = try LabFile.read(directory + "/release").split(separator: "\n").first.map(String.init) ?? ""
        return KernelArtifacts(variant: variant.name, directory: directory, release: release, kernel: source.release, source: source.tree)
    }

    private var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CCACHE_DIR"] = paths.ccache
        // Build trees differ only in their path: hash paths relative to the cache so they share hits.
        environment["CCACHE_BASEDIR"] = paths.cache
        // Fixed build stamps keep objects byte-identical across rebuilds, so ccache hits.
        environment["KBUILD_BUILD_TIMESTAMP"] = "2000-01-01"
        environment["KBUILD_BUILD_USER"] = "vfio"
        environment["KBUILD_BUILD_HOST"] = "conformance"
        return environment
    }

    private func arguments(_ targets: [String], in buildTree: String) -> [String] {
        ["make", "-C", source.tree, "O=\(buildTree)", "ARCH=x86_64", "CC=ccache gcc"] + targets
    }

    private func make(_ targets: [String], in buildTree: String, log: String) throws(LabError) {
        try Command.run(arguments(targets, in: buildTree), environment: environment, log: log)
    }

    /// Runs make on its own thread; the value is nil on success, else the log path.
    private func makeCall(_ targets: [String], in buildTree: String, log: String) -> BackgroundCall<String?> {
        let arguments = arguments(targets, in: buildTree), environment = environment
        return BackgroundCall {
            let result = try? Subprocess.run(arguments, environment: environment, captureOutput: false, outputFile: log)
            return result?.status == 0 ? nil : log
        }
    }
}
