extension ResultsDocument {
    /// The document cut at its patch steps, base first, each part holding
    /// one step's cells under the same run information. A document from a
    /// run without --each-patch is one part.
    public var steps: [(step: PatchStep?, document: ResultsDocument)] {
        let groups = Dictionary(grouping: cells, by: \.patch)
        return groups.keys.sorted { ($0?.index ?? -1) < ($1?.index ?? -1) }.map { step in
            (step, ResultsDocument(run: run, cells: groups[step]!))
        }
    }

    /// How many patches the run's series has, for labels like "patch 2/3".
    public var seriesLength: Int {
        max(run.patches.count, run.steps.map(\.index).max() ?? 0, cells.compactMap(\.patch?.index).max() ?? 0)
    }
}
