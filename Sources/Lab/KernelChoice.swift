/// One item of `--kernels`: a Debian linux-source package by its series
/// (`debian-6.1`, `debian-7.3`), optionally pinned to one package version
/// (`debian-7.3=7.3.4-1~bpo13+1`) so results do not move when the archive
/// does, unpacked into the cache; or a kernel tree.
public enum KernelChoice: Sendable, Equatable, CustomStringConvertible {
    case debian(series: String, version: String? = nil)
    case tree(path: String)

    public static let `default` = KernelChoice.debian(series: "6.12")

    /// `debian-X.Y[=VERSION]`, or else a path to a tree.
    public init(parsing text: String) throws(LabError) {
        if text.hasPrefix("debian-") {
            let spec = text.dropFirst("debian-".count)
            let series = spec.prefix { $0 != "=" }
            let version = series.endIndex < spec.endIndex ? String(spec[spec.index(after: series.endIndex)...]) : nil
            let parts = series.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }), version?.isEmpty != true else {
                throw .noSource("--kernels \(text): a Debian kernel is debian-MAJOR.MINOR[=VERSION], e.g. debian-6.12 or debian-7.3=7.3.4-1~bpo13+1")
            }
            self = .debian(series: String(series), version: version)
        } else {
            guard !text.isEmpty else { throw .noSource("--kernels: an empty item; name debian-6.12, debian-7.3 or a kernel tree") }
            self = .tree(path: text)
        }
    }

    public var description: String {
        switch self {
        case let .debian(series, version): "debian-\(series)" + (version.map { "=\($0)" } ?? "")
        case let .tree(path): path
        }
    }

    /// The Debian package and its tarball.
    var package: String? {
        if case let .debian(series, _) = self { "linux-source-\(series)" } else { nil }
    }

    var tarball: String? { package.map { "/usr/src/\($0).tar.xz" } }

    /// The installed package's version, as dpkg knows it.
    var installedVersion: String? {
        package.flatMap { try? Command.run(["dpkg-query", "-W", "-f=${Version}", $0]) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Checks what can be checked before any work: the tarball is installed,
    /// at the pinned version if there is one, or the tree looks like a kernel tree.
    public func validate() throws(LabError) {
        switch self {
        case let .debian(_, pinned):
            let install = "run `bash ci/install-deps.sh --kernels \(self)` (installs \(package!) from whichever suite of this machine's mirror carries it) or pass a tree"
            guard LabFile.exists(tarball!) else { throw .noSource("--kernels \(self): \(tarball!) is missing; \(install)") }
            if let pinned, let installed = installedVersion, installed != pinned {
                throw .noSource("--kernels \(self): \(package!) \(installed) is installed, not the pinned \(pinned); \(install)")
            }
        case let .tree(path):
            guard LabFile.exists(path + "/Makefile"), LabFile.exists(path + "/drivers/vfio") else {
                throw .noSource("kernel tree \(path): not a kernel tree (no Makefile or drivers/vfio)")
            }
        }
    }
}
