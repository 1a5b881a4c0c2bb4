import Results

/// A built variant, as cached: the kernel image, its modules tree and .config.
public struct KernelArtifacts: Sendable {
    public var variant: String
    public var directory: String
    /// `make kernelrelease` of the build: what `uname -r` says in the guest.
    public var release: String
    /// The tree's `make kernelversion`: the kernel dimension of the matrix.
    public var kernel: String
    /// The state of the series the tree was in.
    public var patch: PatchStep = .base

    /// Where its guests' files go: "6.12.117/legacy", "6.12.117+2/legacy" at patch 2.
    public var place: String { kernel + (patch.index > 0 ? "+\(patch.index)" : "") + "/" + variant }

    /// The noiommu PA query's iommufd command number in the built tree's
    /// uapi header, recorded at build time (patches may add it); nil: none.
    public var getPACommand: UInt8? {
        (try? LabFile.read(directory + "/getpa")).flatMap { UInt8($0.trimmingSpaces) }
    }

    public var bzImage: String { directory + "/bzImage" }
    public var config: String { directory + "/config" }
    /// Holds lib/modules/<release>, as `make modules_install` lays it out.
    public var modules: String { directory + "/modroot" }
}
