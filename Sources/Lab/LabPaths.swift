import FoundationEssentials

/// Where the lab keeps what outlives a run: unpacked sources, the one shared
/// build tree per source, ccache, artifacts by content key, guest logs.
public struct LabPaths: Sendable {
    public var cache: String
    /// The package checkout: fragments, expectations and the guest binary come from here.
    public var package: String
    /// ccache's directory, CACHE/ccache unless $VFIO_CONFORMANCE_CCACHE names
    /// one that several caches share: a tree at the same place relative to
    /// its cache then compiles to the same hashes in each.
    public var ccache: String

    public init(cache: String?, package: String) {
        let environment = ProcessInfo.processInfo.environment
        self.cache = cache ?? environment["VFIO_CONFORMANCE_CACHE"]
            ?? (environment["HOME"] ?? "/root") + "/.cache/vfio-conformance"
        self.package = package
        self.ccache = environment["VFIO_CONFORMANCE_CCACHE"] ?? self.cache + "/ccache"
    }

    var sources: String { cache + "/source" }
    var builds: String { cache + "/build" }
    var artifacts: String { cache + "/artifacts" }
    var guests: String { cache + "/guests" }
    var variants: String { package + "/Fixtures/variants" }
    var expectations: String { package + "/Fixtures/expectations/vfio.expect" }
    var accelerator: String { cache + "/accelerator" }
    /// Patches currently applied to each source tree, until reverted.
    var applied: String { cache + "/applied" }
}
