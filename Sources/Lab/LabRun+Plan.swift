import Results

extension LabRun {
    /// What a run sets out to do, known before anything is built: this
    /// shard's variants, the patch series, and what an interrupted run
    /// already recorded.
    struct Plan {
        var variants: [Variant]
        var patches: PatchSeries
        /// The journal's cells with --resume; their keys are not run again.
        var previous: [Cell]
        var done: Set<CellKey>
    }

    func plan(paths: LabPaths) throws(LabError) -> Plan {
        var names = LabOptions.variantNames(options.variants, depth: options.depth)
        if let shard = options.shard { names = try LabOptions.shard(names, shard) }
        let variants = try Variant.load(names, from: paths.variants).map { options.debugInfo ? $0.withDebugInfo : $0 }
        let patches = try PatchSeries.load(options.patches)
        for kernel in options.kernels { try kernel.validate() }
        let previous = try resumedCells()
        if !options.resume, let journal { LabFile.remove(journal) }
        if !previous.isEmpty { progress.note("resuming: \(previous.count) cells already recorded") }
        return Plan(variants: variants, patches: patches, previous: previous, done: Set(previous.map(\.key)))
    }

    private func resumedCells() throws(LabError) -> [Cell] {
        guard options.resume, let journal else { return [] }
        guard LabFile.exists(journal) else { throw .tool("--resume: no journal \(journal) from an earlier run with --results \(options.results!)") }
        do { return try CellStream.cells(in: LabFile.read(journal), file: journal) } catch { throw .tool("\(error)") }
    }
}
