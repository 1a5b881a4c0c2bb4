/// The binary that runs inside guests, with exactly the shared libraries it
/// loads. A release build with the Swift runtime linked in statically keeps
/// the image small (about 11 MB with glibc and libkmod's libraries).
public struct GuestBinary: Sendable {
    public var path: String
    public var libraries: [String]

    public static func prepare(override: String?, paths: LabPaths, progress: Progress) throws(LabError) -> GuestBinary {
        let path: String
        if let override {
            guard LabFile.exists(override) else { throw .tool("--guest-binary \(override): no such file") }
            path = override
        } else {
            guard LabFile.exists(paths.package + "/Package.swift") else {
                throw .tool("cannot find the vfio-conformance package at \(paths.package) to build the guest binary; pass --guest-binary PATH")
            }
            progress.note("guest binary: swift build -c release --static-swift-stdlib")
            let scratch = paths.package + "/.build-guest"
            try Command.run(["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "vfio-conformance",
                             "--scratch-path", scratch], in: paths.package, log: paths.cache + "/guest-binary.log")
            path = scratch + "/release/vfio-conformance"
        }
        return GuestBinary(path: path, libraries: try libraries(of: path))
    }

    /// What the dynamic loader maps, from ldd: "libx.so => /path (0x...)" and the loader itself.
    static func libraries(of binary: String) throws(LabError) -> [String] {
        try parseLDD(Command.run(["ldd", binary]))
    }

    static func parseLDD(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            if let arrow = words.firstIndex(of: "=>"), arrow + 1 < words.count, words[arrow + 1].hasPrefix("/") {
                return String(words[arrow + 1])
            }
            return words.first.flatMap { $0.hasPrefix("/") ? String($0) : nil }
        }
    }
}
