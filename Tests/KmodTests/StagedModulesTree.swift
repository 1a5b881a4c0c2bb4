import Foundation

/// A throwaway /lib/modules/<version> built by the real depmod, so libkmod
/// runs against genuine indexes without touching the host's modules.
/// `vfioconformance_builtin` is listed as builtin; `vfioconformance_fake`
/// (only when a C compiler is present) is indexed and then its file deleted,
/// so loading it fails inside libkmod before any call into the kernel.
struct StagedModulesTree {
    static let version = "9.9.9-vfio-conformance"
    static let depmod = ["/usr/sbin/depmod", "/sbin/depmod"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let compiler = ["/usr/bin/cc", "/usr/bin/gcc"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `body` with a fresh tree, removed afterwards.
    static func with(_ body: (StagedModulesTree) throws -> Void) throws {
        let tree = try StagedModulesTree()
        defer { try? FileManager.default.removeItem(atPath: tree.base) }
        try body(tree)
    }

    let base: String
    var directory: String { base + "/lib/modules/" + Self.version }

    private init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("kmod-\(UUID().uuidString)").path
        let fake = directory + "/kernel/drivers/fake"
        try FileManager.default.createDirectory(atPath: fake, withIntermediateDirectories: true)
        try "kernel/drivers/fake/vfioconformance_builtin.ko\n"
            .write(toFile: directory + "/modules.builtin", atomically: true, encoding: .utf8)
        if let compiler = Self.compiler {
            let source = base + "/fake.c"
            try "static const char info[] __attribute__((section(\".modinfo\"), used)) = \"license=GPL\";\n"
                .write(toFile: source, atomically: true, encoding: .utf8)
            try Self.run(compiler, ["-c", source, "-o", fake + "/vfioconformance_fake.ko"])
        }
        try Self.run(Self.depmod ?? "depmod", ["-b", base, Self.version])
        try? FileManager.default.removeItem(atPath: fake + "/vfioconformance_fake.ko")
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
