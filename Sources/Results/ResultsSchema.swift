/// The version of the JSON form of cells and result documents. Readers refuse
/// a newer version rather than misreading it, and read every older one.
///
/// - 1: cells keyed by variant, topology and scenario; `kernel` was the
///   guest's `uname -r`, with the harness's own `-vfio-conformance` suffix.
/// - 2: the kernel is a dimension of the matrix: cells are keyed on it too,
///   and it is the tree's release (`make kernelversion`); variants say
///   whether they ran, were not available on the kernel or were dropped.
/// - 3: cells of a lab run say which state of the patch series they ran on
///   (`patch`), and are keyed on it too: --each-patch holds a place once per
///   patch; the run lists those states (`steps`). A mutants run's cells
///   name the mutant their kernel carried (`mutant`) and are keyed on it,
///   without a new version: only those documents have it, matrix runs'
///   documents stay as they were, and a reader without it refuses a
///   mutants document's cells as duplicates rather than misreading them.
public enum ResultsSchema {
    public static let version = 3

    /// The LOCALVERSION schema 1's base fragment gave every guest kernel.
    static let version1Suffix = "-vfio-conformance"

    /// A schema 1 cell's kernel in the form schema 2 records it.
    static func migratedKernel(_ kernel: String?, schema: Int) -> String? {
        guard schema < 2, let kernel, kernel.hasSuffix(version1Suffix) else { return kernel }
        return String(kernel.dropLast(version1Suffix.count))
    }
}
