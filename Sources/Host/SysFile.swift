import Glibc
import Results
import SystemPackage

/// Reading and writing sysfs/procfs attributes the way `cat` and `echo >`
/// do, keeping the kernel's errno on failure.
public enum SysFile {
    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]

    /// The whole file, trailing whitespace (sysfs's newline) trimmed.
    public static func read(_ path: String) throws(HostError) -> String {
        do { return value(try contents(path)) } catch { throw .read(path: path, errno: error) }
    }

    /// An attribute's text without its trailing whitespace (sysfs's newline).
    public static func value(_ contents: String) -> String {
        let text = contents.utf8
        // By bytes: Characters cost a grapheme walk.
        return String(decoding: text[..<(text.lastIndex { !Self.whitespace.contains($0) }.map(text.index(after:)) ?? text.startIndex)], as: UTF8.self)
    }

    /// The whole file as it is.
    public static func contents(_ path: String) throws(Errno) -> String {
        do {
            let descriptor = try FileDescriptor.open(path, O_RDONLY)
            defer { try? descriptor.close() }
            let bytes = try descriptor.readToEnd()
            KernelCallRecorder.note(.read(path: path), answer: bytes.count, output: bytes)
            return String(decoding: bytes, as: UTF8.self)
        } catch {
            KernelCallRecorder.note(.read(path: path), answer: -Int(error.rawValue))
            throw error
        }
    }

    /// One write(2) of `value` as given: sysfs acts on a single write, and
    /// its errno (EBUSY, EINVAL, ...) is the kernel's verdict. Attributes
    /// accept the value with or without a trailing newline.
    public static func write(_ value: String, to path: String) throws(HostError) {
        // Noted before it is made: an unbind can block in the kernel for good.
        let call = KernelCallRecorder.begin(.write(path: path, value: value))
        do {
            let descriptor = try FileDescriptor.open(path, O_WRONLY | O_TRUNC)
            defer { try? descriptor.close() }
            let written = try descriptor.write(Array(value.utf8))
            KernelCallRecorder.complete(call, answer: written)
        } catch {
            KernelCallRecorder.complete(call, answer: -Int(error.rawValue))
            throw .write(path: path, value: value, errno: error)
        }
    }

    /// Follows symlinks: a dangling link does not exist.
    public static func exists(_ path: String) -> Bool {
        let answer = access(path, F_OK) == 0 ? 0 : -Int(errno)
        KernelCallRecorder.note(.access(path: path), answer: answer)
        return answer == 0
    }

    /// Entry names, sorted; empty when the directory is missing.
    public static func list(_ directory: String) -> [String] {
        let names = entries(directory).sorted()
        // What it gave back is the names a line each, as a reproducer's listing gives them: an invariant compares them.
        KernelCallRecorder.note(.list(directory: directory), answer: 0, output: Array(names.map { $0 + "\n" }.joined().utf8))
        return names
    }

    private static func entries(_ directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The symlink's target as stored, e.g. "../../../bus/pci/drivers/vfio-pci".
    public static func linkTarget(_ path: String) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(PATH_MAX)) { buffer in
            let count = readlink(path, buffer.baseAddress!, buffer.count)
            let answer = count >= 0 ? count : -Int(errno)
            KernelCallRecorder.note(.readlink(path: path), answer: answer)
            guard count >= 0 else { return nil }
            return String(decoding: buffer[..<count], as: UTF8.self)
        }
    }

    /// The path with every symlink resolved, nil when it does not exist.
    /// Class directories (/sys/class/block, net, tty) link into the device
    /// tree, so this says which device an entry belongs to.
    public static func resolved(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The target's last component: the driver name for `driver`, the group
    /// number for `iommu_group`.
    public static func linkName(_ path: String) -> String? {
        linkTarget(path).map(lastComponent)
    }

    /// What follows the last "/", by bytes (race rounds read links every round).
    public static func lastComponent(_ path: String) -> String {
        let bytes = path.utf8
        return String(Substring(bytes[(bytes.lastIndex(of: UInt8(ascii: "/")).map(bytes.index(after:)) ?? bytes.startIndex)...]))
    }
}
