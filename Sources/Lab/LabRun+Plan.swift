import Results

extension LabRun {
    /// What a run sets out to do, known before anything is built: this
    /// shard's variants, each read from its file once, and the patch series.
    struct Plan: Sendable {
        var variants: [Variant]
        var patches: PatchSeries
    }

    /// Refuses an unknown variant, a shard with none, a kernel or a patch
    /// series that cannot be had, before any work.
    static func plan(_ options: LabOptions) throws(LabError) -> Plan {
        var names = LabOptions.variantNames(options.variants, depth: options.depth)
        if let shard = options.shard { names = try LabOptions.shard(names, shard) }
        let paths = LabPaths(cache: options.cache, package: options.package)
        let variants = try Variant.load(names, from: paths.variants).map { options.debugInfo ? $0.withDebugInfo : $0 }
        let patches = try PatchSeries.load(options.patches)
        for kernel in options.kernels { try kernel.validate() }
        return Plan(variants: variants, patches: patches)
    }

    /// What an interrupted run already recorded (the journal's cells with
    /// --resume; their keys are not run again); without --resume the
    /// journal starts afresh.
    struct Resumed: Sendable {
        var previous: [Cell]
        var done: Set<CellKey>
    }

    func resume() throws(LabError) -> Resumed {
        let previous = try resumedCells()
        if !options.resume, let journal { LabFile.remove(journal) }
        if !previous.isEmpty { progress.note("resuming: \(previous.count) cells already recorded") }
        return Resumed(previous: previous, done: Set(previous.map(\.key)))
    }

    private func resumedCells() throws(LabError) -> [Cell] {
        guard options.resume, let journal else { return [] }
        guard LabFile.exists(journal) else { throw .tool("--resume: no journal \(journal) from an earlier run with --results \(options.results!)") }
        do { return try CellStream.cells(in: LabFile.read(journal), file: journal) } catch { throw .tool("\(error)") }
    }
}
