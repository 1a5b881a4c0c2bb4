/// A built variant, as cached: the kernel image, its modules tree and .config.
public struct KernelArtifacts: Sendable {
    public var variant: String
    public var directory: String
    public var release: String

    public var bzImage: String { directory + "/bzImage" }
    public var config: String { directory + "/config" }
    /// Holds lib/modules/<release>, as `make modules_install` lays it out.
    public var modules: String { directory + "/modroot" }
}
