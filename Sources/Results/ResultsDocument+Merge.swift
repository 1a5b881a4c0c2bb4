extension ResultsDocument {
    /// Combines shards or a resumed run: one cell per key, the later document
    /// winning; run information is united.
    public static func merged(_ documents: [ResultsDocument]) -> ResultsDocument {
        var cells: [CellKey: Cell] = [:]
        var run = RunInfo()
        for document in documents {
            for cell in document.cells { cells[cell.key] = cell }
            if let source = document.run.source {
                let known = run.source.map { $0.split(separator: "; ").map(String.init) } ?? []
                if !known.contains(source) { run.source = (known + [source]).joined(separator: "; ") }
            }
            for kernel in document.run.kernels where !run.kernels.contains(kernel) { run.kernels.append(kernel) }
            run.started = run.started ?? document.run.started
            for patch in document.run.patches where !run.patches.contains(patch) { run.patches.append(patch) }
            for step in document.run.steps where !run.steps.contains(step) { run.steps.append(step) }
            for variant in document.run.variants where !run.variants.contains(where: { $0.name == variant.name && $0.kernel == variant.kernel && $0.patch == variant.patch }) {
                run.variants.append(variant)
            }
            for topology in document.run.topologies where !run.topologies.contains(topology) {
                run.topologies.append(topology)
            }
        }
        run.steps.sort()
        return ResultsDocument(run: run, cells: Array(cells.values))
    }
}
