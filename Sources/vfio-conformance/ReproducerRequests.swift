import Engine
import Lab
import Reports
import Results

/// What `--repro` proves and writes: every failed, crashed or hung cell's
/// reproducer (the guest wrote it, or for a cell whose guest died, the
/// calls it streamed until then), and for each legacy vs iommufd-compat
/// divergence one made from the compat cell's kept calls, which must show
/// the compat answer on its kernel and pass on the legacy one. Without
/// `prove` nothing is asked to be proven.
enum ReproducerRequests {
    static func attach(_ document: ResultsDocument, prove: Bool = true) -> (ResultsDocument, [ProofRequest]) {
        var attached: [CellKey: Reproducer] = [:]
        for cell in document.cells where cell.evidence.reproducer == nil {
            attached[cell.key] = CallLog.reproducerOfDeadCell(cell)
        }
        var against: [CellKey: VariantName] = [:]
        for divergence in Divergences.find(in: document) where divergence.compat.evidence.reproducer == nil {
            guard let step = divergence.firstDifferingStep,
                  let reproducer = CallLog.divergenceReproducer(of: divergence.compat, at: step, reference: divergence.legacy) else { continue }
            attached[divergence.compat.key] = reproducer
            against[divergence.compat.key] = divergence.legacy.variant
        }
        var result = document
        result.cells = document.cells.map { cell in
            guard let reproducer = attached[cell.key] else { return cell }
            var cell = cell
            cell.evidence.reproducer = reproducer
            return cell
        }
        guard prove else { return (result, []) }
        let requests = result.cells.filter { $0.evidence.reproducer != nil && $0.evidence.reproducer?.proof == nil }
            .map { ProofRequest(cell: $0, against: against[$0.key]) }
        return (result, requests)
    }
}
