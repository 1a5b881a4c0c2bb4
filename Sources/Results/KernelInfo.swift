/// One kernel of a run: the release its cells carry and the tree it was built from.
public struct KernelInfo: Codable, Sendable, Equatable {
    /// `make kernelversion` of the tree, e.g. "6.1.192".
    public var release: String
    /// The tree: a path, or a package name and its version.
    public var source: String

    public init(release: String, source: String) {
        self.release = release
        self.source = source
    }
}
