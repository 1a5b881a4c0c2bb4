import Results

extension LabRun {
    /// Each request's reproducer built and booted on the kernel its cell
    /// ran on (and against the variant it names), its proof written into
    /// the cell. A cell whose kernel this run did not build says so.
    func prove(_ requests: [ProofRequest], in document: ResultsDocument, built: [(Variant, KernelArtifacts)],
               paths: LabPaths) throws(LabError) -> ResultsDocument {
        guard !requests.isEmpty else { return document }
        let binary = try GuestBinary.prepare(override: options.guestBinary, paths: paths, progress: progress)
        let proof = ReproducerProof(paths: paths, accelerator: Accelerator.remembered(paths) ?? .tcg, binary: binary, progress: progress)
        var proofs: [CellKey: String] = [:]
        for request in requests {
            let cell = request.cell
            func artifacts(of variant: VariantName) -> (Variant, KernelArtifacts)? {
                built.first { $0.1.kernel == cell.kernel && $0.0.name == variant && $0.1.patch.index == (cell.patch?.index ?? 0) }
            }
            guard let (variant, failing) = artifacts(of: cell.variant) else {
                proofs[cell.key] = "NOT PROVEN: this run did not build \(cell.kernel ?? "the kernel")/\(cell.variant)"
                continue
            }
            let fixed = request.against.flatMap(artifacts(of:))?.1
            if let against = request.against, fixed == nil {
                proofs[cell.key] = "NOT PROVEN: this run did not build \(cell.kernel ?? "the kernel")/\(against) to prove it against"
                continue
            }
            progress.note("reproducer of \(cell.key): proving on \(failing.place)" + (fixed.map { " and \($0.place)" } ?? ""))
            let said = proof.prove(cell, on: failing, against: fixed, vcpus: options.vcpus ?? variant.vcpus)
            progress.note("reproducer of \(cell.key): \(said)")
            proofs[cell.key] = said
        }
        var proven = document
        proven.cells = document.cells.map { cell in
            guard let said = proofs[cell.key] else { return cell }
            var cell = cell
            cell.evidence.reproducer?.proof = said
            return cell
        }
        return proven
    }
}
