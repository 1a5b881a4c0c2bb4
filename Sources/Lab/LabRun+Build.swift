import FoundationEssentials
import Results

extension LabRun {
    /// Every kernel's variants, built or skipped with the reason.
    struct Builds {
        var kernels: [KernelInfo] = []
        var variants: [VariantInfo] = []
        var built: [(Variant, KernelArtifacts)] = []
        /// The planned cells of the variants not built: skipped (the kernel
        /// cannot have them) or failed (the tree does not compile).
        var skipped: [Cell] = []
    }

    /// One kernel at one step of the series: what can boot once it is built.
    struct Batch: Sendable {
        var built: [(Variant, KernelArtifacts)]
        var skipped: [Cell]
    }

    /// Each kernel in turn: resolve its source, and at each step of the
    /// series (the whole series, or with --each-patch the base and then one
    /// patch more at a time) build every variant in its shared tree, where
    /// a patch rebuilds only the objects it touches, and check the
    /// harness's uapi copies against the tree. `ready` gets each kernel's
    /// step as soon as its variants are built, before the next one builds.
    func build(done: Set<CellKey>, paths: LabPaths, ready: (Batch) throws(LabError) -> Void) throws(LabError) -> Builds {
        var builds = Builds()
        let steps = plan.patches.steps(eachPatch: options.eachPatch)
        for choice in options.kernels {
            let source = try KernelSource.resolve(choice, paths: paths, progress: progress)
            guard !builds.kernels.contains(where: { $0.release == source.release }) else {
                throw .noSource("--kernels: \(choice) is release \(source.release) like an earlier kernel of this run; the matrix keys on the release, so run them separately")
            }
            builds.kernels.append(KernelInfo(release: source.release, source: source.identity))
            let tree = try KconfigTree.read(tree: source.tree)
            // The tree's Kconfig is read before the series is applied: every step asks the same of it.
            let variantPlans = plan.variants.map { $0.plan(on: tree) }
            try forEachStep(steps, of: plan.patches, on: source, paths: paths) { (step) throws(LabError) in
                let builder = KernelBuilder(paths: paths, source: source, patches: plan.patches.prefix(step.index),
                                            jobs: ProcessInfo.processInfo.activeProcessorCount + 1, progress: progress)
                var results: [(plan: VariantPlan, info: VariantInfo, artifacts: KernelArtifacts?)] = []
                for variantPlan in variantPlans {
                    var (info, artifacts) = try builder.build(variantPlan, tree: tree)
                    info.patch = step
                    artifacts?.patch = step
                    results.append((variantPlan, info, artifacts))
                }
                // Every run, cached kernels or not: the harness's copies change without the tree.
                // In the tree of a variant built here, whichever tree that is (a tier-only run has no plain one).
                if let built = results.first(where: { $0.artifacts != nil }) {
                    let buildTree = builder.buildTree(for: built.plan)
                    try UapiLayoutCheck.run(tree: source.tree, buildTree: buildTree, package: paths.package,
                                            into: buildTree + "/.vfio-conformance")
                    progress.note("uapi: the harness's structs and numbers match \(source.release)'s vfio.h and iommufd.h"
                                  + (steps.count > 1 ? " at \(step.label(of: plan.patches.patches.count))" : ""))
                }
                var batch = Batch(built: [], skipped: [])
                for (variantPlan, info, artifacts) in results {
                    builds.variants.append(info)
                    if let artifacts {
                        batch.built.append((variantPlan.variant, artifacts))
                    } else {
                        batch.skipped += unbuilt(info, done: done)
                    }
                }
                builds.built += batch.built
                builds.skipped += batch.skipped
                try ready(batch)
            }
        }
        return builds
    }

    /// Runs `work` once per step with the source's tree at that step, and
    /// reverts the series after, also when interrupted. The whole series is
    /// applied first, so a patch that does not apply is refused before any
    /// build; --each-patch then goes back to the base and forward one patch
    /// at a time. Patches an interrupted run left applied are reverted first.
    private func forEachStep(_ steps: [PatchStep], of patches: PatchSeries, on source: KernelSource, paths: LabPaths,
                             _ work: (PatchStep) throws(LabError) -> Void) throws(LabError) {
        // The tree has its own lock: runs on other caches may share it.
        let lock = try RunLock.tree(source.tree)
        defer { withExtendedLifetime(lock) {} }
        let patchJournal = paths.applied + "/" + ContentKey.of(source.tree)
        for repair in try PatchSeries.recover(tree: source.tree, journal: patchJournal) {
            progress.note("repaired \(source.tree) after an interrupted run: \(repair)")
        }
        guard !patches.patches.isEmpty else {
            for step in steps { try work(step) }
            return
        }
        try patches.apply(to: source.tree, journal: patchJournal)
        defer {
            do { try PatchSeries.recover(tree: source.tree, journal: patchJournal) } catch { progress.note("WARNING: reverting patches: \(error)") }
        }
        progress.note("applied \(patches.patches.count) patch(es) to \(source.release): \(patches.names.joined(separator: ", "))")
        guard steps.count > 1 else { return try work(steps[0]) }
        try PatchSeries.recover(tree: source.tree, journal: patchJournal)
        for step in steps {
            if step.index > 0 {
                try patches.apply(step.index - 1 ..< step.index, to: source.tree, journal: patchJournal)
                progress.note("\(source.release) at \(step.label(of: patches.patches.count))")
            }
            try work(step)
        }
    }

    /// Every planned cell of a variant that did not run: skipped with its
    /// verdict, or failed at the build, the way the kernel test robot
    /// reports a series that does not compile.
    private func unbuilt(_ info: VariantInfo, done: Set<CellKey>) -> [Cell] {
        var evidence: Evidence
        var outcome = Outcome.skip
        switch info.effectiveState {
        case .buildFailed:
            outcome = .fail
            evidence = Evidence(reason: "the kernel for variant \(info.label) does not build: \(info.reason ?? "")")
            evidence.step = "build"
            evidence.expected = "the tree builds"
            evidence.observed = info.reason?.split(separator: "\n").first.map(String.init) ?? "build failed"
        case .unavailable:
            evidence = Evidence(reason: "variant not available on this kernel: \(info.reason ?? "")")
        default:
            evidence = Evidence(reason: "variant dropped by Kconfig: \(info.reason ?? info.dropped.joined(separator: "; "))")
        }
        return options.topologies.flatMap { topology in
            options.scenarios.map { Cell(variant: info.name, topology: topology, scenario: $0, outcome: outcome,
                                         evidence: evidence, kernel: info.kernel, patch: info.patch) }
        }.filter { !done.contains($0.key) }
    }
}
