import FoundationEssentials
import Results

/// A kernel tree to build: a Debian linux-source package unpacked into the
/// cache, or any tree given with --kernels or --source.
public struct KernelSource: Sendable {
    public var choice: KernelChoice
    public var tree: String
    /// Says which source this is, for the results and the cache key.
    public var identity: String
    /// `make kernelversion`: the release every cell of this kernel carries.
    public var release: String

    /// Marks an unpacked tree as whole; a tree without it is an interrupted unpack.
    static let unpackedStamp = ".vfio-conformance-unpacked"

    public static func resolve(_ choice: KernelChoice, paths: LabPaths, progress: Progress) throws(LabError) -> KernelSource {
        try choice.validate()
        switch choice {
        case let .tree(directory):
            let tree = LabFile.absolute(directory)
            return KernelSource(choice: choice, tree: tree, identity: try treeIdentity(tree), release: try version(of: tree))
        case .debian:
            let package = choice.package!
            let tree = paths.sources + "/" + package
            let version = choice.installedVersion ?? "unknown"
            // The stamp names the package version unpacked: another installed version is unpacked afresh.
            if (try? LabFile.read(tree + "/" + unpackedStamp)) != version {
                try unpack(choice.tarball!, into: tree, stamp: version, paths: paths, progress: progress)
            }
            return KernelSource(choice: choice, tree: tree, identity: "\(package) \(version)", release: try self.version(of: tree))
        }
    }

    /// Unpacks into a fresh directory beside the destination and renames it
    /// into place only when tar finished, so an interrupted unpack never
    /// passes for a tree. A partial tree from an older run is removed first.
    private static func unpack(_ tarball: String, into tree: String, stamp: String, paths: LabPaths, progress: Progress) throws(LabError) {
        try LabFile.makeDirectory(paths.sources)
        let staging = paths.sources + "/.unpack-" + (tree.split(separator: "/").last.map(String.init) ?? "tree")
        if LabFile.exists(tree) {
            progress.note("removing \(tree): an unpack that never finished, or of another package version")
            LabFile.remove(tree)
        }
        LabFile.remove(staging)
        try LabFile.makeDirectory(staging)
        progress.note("unpacking \(tarball) into \(paths.sources)")
        try Command.run(["tar", "-xf", tarball, "-C", staging])
        guard let top = LabFile.list(staging).first, LabFile.exists(staging + "/" + top + "/Makefile") else {
            throw .noSource("\(tarball): no kernel tree inside")
        }
        try LabFile.write(stamp, to: staging + "/" + top + "/" + unpackedStamp)
        try LabFile.rename(staging + "/" + top, to: tree)
        LabFile.remove(staging)
    }

    static func version(of tree: String) throws(LabError) -> String {
        let output = try Command.run(["make", "-s", "-C", tree, "kernelversion"])
        guard let line = output.split(separator: "\n").first, !line.isEmpty else {
            throw .noSource("\(tree): `make kernelversion` printed nothing")
        }
        return String(line)
    }

    /// A git tree is its HEAD plus a digest of uncommitted changes; any
    /// other tree is its path and kernel version.
    private static func treeIdentity(_ tree: String) throws(LabError) -> String {
        if LabFile.exists(tree + "/.git"), let head = try? Command.run(["git", "-C", tree, "rev-parse", "HEAD"]) {
            var key = ContentKey()
            key.add((try? Command.run(["git", "-C", tree, "diff", "HEAD"])) ?? "")
            return "\(tree) @ \(head.split(separator: "\n").first ?? "") (changes \(key.hex))"
        }
        return "\(tree) (\(try version(of: tree)))"
    }
}
