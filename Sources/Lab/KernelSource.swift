import FoundationEssentials

/// The kernel tree to build: Debian's linux-source-6.12 unpacked into the
/// cache by default, or any tree given with --source.
public struct KernelSource: Sendable {
    public var tree: String
    /// Says which source this is, for the results and the cache key.
    public var identity: String

    public static let debianTarball = "/usr/src/linux-source-6.12.tar.xz"

    public static func resolve(_ directory: String?, paths: LabPaths, progress: Progress) throws(LabError) -> KernelSource {
        if let directory {
            guard LabFile.exists(directory + "/Makefile"), LabFile.exists(directory + "/drivers/vfio") else {
                throw .noSource("--source \(directory): not a kernel tree (no Makefile or drivers/vfio)")
            }
            return KernelSource(tree: directory, identity: try treeIdentity(directory))
        }
        guard LabFile.exists(debianTarball) else {
            throw .noSource("\(debianTarball) is missing: run ci/install-deps.sh (installs linux-source-6.12) or pass --source DIR")
        }
        let tree = paths.sources + "/linux-source-6.12"
        if !LabFile.exists(tree + "/Makefile") {
            try LabFile.makeDirectory(paths.sources)
            progress.note("unpacking \(debianTarball) into \(paths.sources)")
            try Command.run(["tar", "-xf", debianTarball, "-C", paths.sources])
        }
        let version = (try? Command.run(["dpkg-query", "-W", "-f=${Version}", "linux-source-6.12"])) ?? "unknown"
        return KernelSource(tree: tree, identity: "linux-source-6.12 \(version)")
    }

    /// A git tree is its HEAD plus a digest of uncommitted changes; any
    /// other tree is its path and kernel version.
    private static func treeIdentity(_ tree: String) throws(LabError) -> String {
        if LabFile.exists(tree + "/.git"), let head = try? Command.run(["git", "-C", tree, "rev-parse", "HEAD"]) {
            var key = ContentKey()
            key.add((try? Command.run(["git", "-C", tree, "diff", "HEAD"])) ?? "")
            return "\(tree) @ \(head.split(separator: "\n").first ?? "") (changes \(key.hex))"
        }
        let version = (try? Command.run(["make", "-s", "-C", tree, "kernelversion"])) ?? "?"
        return "\(tree) (\(version.split(separator: "\n").first ?? ""))"
    }
}
