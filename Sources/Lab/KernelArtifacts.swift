import Results

/// A built variant, as cached: the kernel image, its modules tree and .config,
/// and with debug info what decoding a crash needs (see `debugInfo`).
public struct KernelArtifacts: Sendable {
    public var variant: VariantName
    public var directory: String
    /// `make kernelrelease` of the build: what `uname -r` says in the guest.
    public var release: String
    /// The tree's `make kernelversion`: the kernel dimension of the matrix.
    public var kernel: String
    /// The source tree it was built from: its scripts decode the frames and
    /// its path is stripped from their file names. Nil when not known.
    public var source: String?
    /// The state of the series the tree was in.
    public var patch: PatchStep = .base

    public init(variant: VariantName, directory: String, release: String, kernel: String, source: String? = nil) {
        self.variant = variant
        self.directory = directory
        self.release = release
        self.kernel = kernel
        self.source = source
    }

    /// Where its guests' files go: "6.12.117/legacy", "6.12.117+2/legacy" at patch 2.
    public var place: String { kernel + (patch.index > 0 ? "+\(patch.index)" : "") + "/" + variant.rawValue }

    /// The noiommu PA query's iommufd command number in the built tree's
    /// uapi header, recorded at build time (patches may add it); nil: none.
    public var getPACommand: UInt8? {
        (try? LabFile.read(directory + "/getpa")).flatMap { UInt8($0.split(whereSeparator: \.isWhitespace).first ?? "") }
    }

    public var bzImage: String { directory + "/bzImage" }
    public var config: String { directory + "/config" }
    /// Holds lib/modules/<release>, as `make modules_install` lays it out, stripped.
    public var modules: String { directory + "/modroot" }

    /// Whether the kernel was built with debug info (CONFIG_DEBUG_INFO=y).
    /// Such a build keeps `vmlinux` and its modules unstripped under
    /// `debugModules`: the shared build tree moves on to other variants,
    /// and decoding a crash needs the very objects that ran.
    public var debugInfo: Bool {
        ((try? LabFile.read(config)) ?? "").split(separator: "\n").contains("CONFIG_DEBUG_INFO=y")
    }

    public var vmlinux: String { directory + "/debug/vmlinux" }
    /// lib/modules/<release> with the .ko files as built, debug info kept.
    public var debugModules: String { directory + "/debug/modroot" }
}
