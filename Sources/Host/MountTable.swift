
/// What is mounted and what is swap, as the kernel lists them. Mounts come
/// from /proc/self/mountinfo rather than /proc/mounts because it carries each
/// mount's major:minor: a root filesystem listed as /dev/root, or through a
/// /dev/disk/by-* link, still matches its block device.
struct MountTable {
    struct Mount {
        /// "254:1"; a pseudo or network filesystem has an unnamed 0:N.
        var number: String
        var source: String
        var mountPoint: String
    }

    var mounts: [Mount]
    /// Swap areas as /proc/swaps names them ("/dev/vda2").
    var swaps: [String]
    let root: SystemRoot

    /// Refuses to guess: without the mount table nothing can be said about a
    /// block device. A kernel without CONFIG_SWAP has no /proc/swaps, and no swap.
    init(root: SystemRoot) throws(HostError) {
        self.root = root
        mounts = try SysFile.read(root.proc("self/mountinfo")).split(separator: "\n").compactMap(Self.mount)
        do {
            swaps = try SysFile.read(root.proc("swaps")).split(separator: "\n").dropFirst()
                .compactMap { $0.split(separator: " ").first.map(String.init) }
        } catch .read(_, .noSuchFileOrDirectory) {
            swaps = []
        }
    }

    /// Where `block` (its kernel name, and major:minor from its sysfs `dev`) is mounted.
    func mountPoint(of block: String, number: String?) -> String? {
        mounts.first { $0.number == number || names(source: $0.source).contains(block) }?.mountPoint
    }

    func swapFile(of block: String) -> String? {
        swaps.first { names(source: $0).contains(block) }
    }

    /// The kernel names a /dev path can stand for: its last component, and
    /// that of its target when it is a link (/dev/mapper/vg-root -> ../dm-0).
    private func names(source: String) -> [String] {
        guard source.hasPrefix("/dev/") else { return [] }
        let target = SysFile.resolved(root.path + source).map(Self.lastComponent)
        return [Self.lastComponent(source)] + (target.map { [$0] } ?? [])
    }

    private static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// "36 35 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw": optional
    /// fields run up to the "-", which the filesystem type and source follow.
    /// Mount points keep the kernel's octal escapes (\040 for a space).
    private static func mount(_ line: Substring) -> Mount? {
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count >= 7, let dash = fields[6...].firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
        return Mount(number: fields[2], source: fields[dash + 2], mountPoint: fields[4])
    }
}
