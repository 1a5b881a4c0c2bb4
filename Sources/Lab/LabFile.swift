import FoundationEssentials
import Glibc
import SystemPackage

/// File helpers the lab uses on the host side, with errors that name the path.
enum LabFile {
    static func read(_ path: String) throws(LabError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .tool("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ text: String, to path: String) throws(LabError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw .tool("cannot write \(path)")
        }
    }

    static func makeDirectory(_ path: String) throws(LabError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .tool("cannot create directory \(path): \(error)")
        }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func isDirectory(_ path: String) -> Bool {
        var directory: Bool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory
    }

    static func list(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// A symbolic link at `path` whose target is `destination`, as written.
    static func link(_ path: String, to destination: String) throws(LabError) {
        guard symlink(destination, path) == 0 else {
            throw .tool("cannot link \(path) to \(destination): \(Errno(rawValue: errno))")
        }
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func rename(_ path: String, to destination: String) throws(LabError) {
        guard Glibc.rename(path, destination) == 0 else {
            throw .tool("cannot rename \(path) to \(destination): \(Errno(rawValue: errno))")
        }
    }

    /// One spelling per directory, so `linux` and `/home/me/linux` share
    /// their build tree and patch record.
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension LabFile {
    static func modified(_ path: String) throws -> Double {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }

    /// The file's size in bytes; 0 when it does not exist (yet).
    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}
