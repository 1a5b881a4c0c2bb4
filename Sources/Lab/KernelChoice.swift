/// One item of `--kernels`: a Debian linux-source package by its series
/// (`debian-6.1`, `debian-6.12`), unpacked into the cache, or a kernel tree.
public enum KernelChoice: Sendable, Equatable, CustomStringConvertible {
    case debian(series: String)
    case tree(path: String)

    public static let `default` = KernelChoice.debian(series: "6.12")

    /// `debian-X.Y`, or else a path to a tree.
    public init(parsing text: String) throws(LabError) {
        if text.hasPrefix("debian-") {
            let series = String(text.dropFirst("debian-".count))
            let parts = series.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
                throw .noSource("--kernels \(text): a Debian kernel is debian-MAJOR.MINOR, e.g. debian-6.1 or debian-6.12")
            }
            self = .debian(series: series)
        } else {
            guard !text.isEmpty else { throw .noSource("--kernels: an empty item; name debian-6.1, debian-6.12 or a kernel tree") }
            self = .tree(path: text)
        }
    }

    public var description: String {
        switch self {
        case let .debian(series): "debian-\(series)"
        case let .tree(path): path
        }
    }

    /// The Debian package and its tarball.
    var package: String? {
        if case let .debian(series) = self { "linux-source-\(series)" } else { nil }
    }

    var tarball: String? { package.map { "/usr/src/\($0).tar.xz" } }

    /// Checks what can be checked before any work: the tarball is installed
    /// or the tree looks like a kernel tree.
    public func validate() throws(LabError) {
        switch self {
        case .debian:
            guard LabFile.exists(tarball!) else {
                throw .noSource("--kernels \(self): \(tarball!) is missing; run `bash ci/install-deps.sh --kernels \(self)` (installs \(package!)) or pass a tree")
            }
        case let .tree(path):
            guard LabFile.exists(path + "/Makefile"), LabFile.exists(path + "/drivers/vfio") else {
                throw .noSource("kernel tree \(path): not a kernel tree (no Makefile or drivers/vfio)")
            }
        }
    }
}
