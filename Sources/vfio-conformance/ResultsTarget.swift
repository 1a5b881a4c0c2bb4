import ArgumentParser
import FoundationEssentials
import Glibc
import Results
import SystemPackage

/// Where a results document may be written: checked before any work, so a
/// long run never ends in a lost report or an overwritten stranger's file.
enum ResultsTarget {
    /// The directory must exist and be writable; an existing file must be a
    /// results document or cell journal of this tool, unless `force`.
    static func check(_ path: String, option: String, force: Bool) throws {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        guard access(directory.isEmpty ? "/" : directory, W_OK) == 0 else {
            throw ValidationError("\(option) \(path): cannot write into \(directory.isEmpty ? "/" : directory) (\(Errno(rawValue: errno)))")
        }
        guard FileManager.default.fileExists(atPath: path), !force else { return }
        guard (try? ResultsFile.read(path)) != nil else {
            throw ValidationError("\(option) \(path): the file exists and is not a vfio-conformance results document; pick another path or pass --force to overwrite it")
        }
    }

    /// Writes through a temporary file in the same directory and renames it
    /// into place: a reader never sees half a document.
    static func write(_ data: Data, to path: String, option: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw ValidationError("\(option) \(path): cannot write \(temporary)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = Errno(rawValue: errno)
            unlink(temporary)
            throw ValidationError("\(option) \(path): cannot rename \(temporary) into place (\(reason))")
        }
    }
}
