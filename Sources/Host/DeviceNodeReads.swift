import CSupport
import Glibc
import Results
import Synchronization
import SystemPackage

/// What a device's VFIO nodes say, read in one call from C and noted call
/// by call as SysFile notes them: a race reads it after every round, and
/// under TCG the Swift around each syscall cost as much as the syscall.
/// The calls, in order: readlink of the device's driver and iommu_group,
/// access of the group node (noiommu-G before G), the listing of its
/// vfio-dev entries, access of the first entry's cdev node (N before
/// noiommu-N), then each of `files` read whole. What they found is
/// decoded again only when it differs from the last read's, byte for byte:
/// most rounds leave what the one before left.
public final class DeviceNodeReads: Sendable {
    public struct Answer: Sendable, Equatable {
        /// The last component of each link's target.
        public var driver: String?
        public var iommuGroup: String?
        /// The node found, nil when neither is there.
        public var groupNode: String?
        /// The first vfio-dev entry, by name.
        public var entry: String?
        public var cdevNode: String?
        /// Each file's bytes as read, in the order given.
        public var files: [Result<String, Errno>]

        public init(driver: String? = nil, iommuGroup: String? = nil, groupNode: String? = nil, entry: String? = nil, cdevNode: String? = nil,
                    files: [Result<String, Errno>] = []) {
            self.driver = driver
            self.iommuGroup = iommuGroup
            self.groupNode = groupNode
            self.entry = entry
            self.cdevNode = cdevNode
            self.files = files
        }
    }

    /// The paths, NUL-terminated one after the other: device, groups, cdevs, then the files.
    private let paths: [CChar]
    /// Where each path starts in `paths`.
    private let starts: [Int]
    /// The last read's bytes as C left them (its reads, then its text), the thread
    /// that made it, and what they were decoded to.
    private let last = Mutex<(bytes: [UInt8], thread: Int32, answer: Answer, records: [KernelCallRecord])?>(nil)

    /// `device` is the device's sysfs directory; `groups` and `cdevs` hold its nodes (/dev/vfio, /dev/vfio/devices).
    public init(device: String, groups: String, cdevs: String, files: [String]) {
        let each = ([device + "/", groups + "/", cdevs + "/"] + files).map { Array($0.utf8CString) }
        paths = each.flatMap { $0 }
        starts = each.reduce(into: [0]) { $0.append($0.last! + $1.count) }.dropLast()
    }

    public func read() -> Answer {
        // Room for a few paths and short values; a listing that outgrows it gets a bigger buffer.
        var size = 2048
        while size <= Self.largest {
            if let answer = read(textSize: size) { return answer }
            size *= 8
        }
        return Answer(files: Array(repeating: .failure(.noSpace), count: starts.count - 3))
    }

    /// More text than this (a vfio-dev directory of a hundred thousand entries) is not read.
    static let largest = 1 << 23

    /// nil when `textSize` bytes could not hold what was read.
    private func read(textSize: Int) -> Answer? {
        paths.withUnsafeBufferPointer { paths in
            let base = paths.baseAddress!
            let fileCount = starts.count - 3
            return withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: fileCount) { files in
                for index in 0..<fileCount { files[index] = base + starts[3 + index] }
                var request = cs_node_paths(device: base + starts[0], groups: base + starts[1], cdevs: base + starts[2],
                                            files: UnsafePointer(files.baseAddress), file_count: Int32(fileCount))
                let capacity = 8 + fileCount
                return withUnsafeTemporaryAllocation(of: cs_node_read.self, capacity: capacity) { reads in
                    withUnsafeTemporaryAllocation(of: CChar.self, capacity: textSize) { text in
                        var used = 0
                        let made = cs_read_device_nodes(&request, reads.baseAddress!, Int32(capacity), text.baseAddress!, textSize, &used)
                        guard made >= 0 else { return nil }
                        let reads = UnsafeBufferPointer(rebasing: reads.prefix(Int(made)))
                        return remembered(UnsafeRawBufferPointer(reads), UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[..<used])) {
                            Self.answer(reads, text: UnsafeRawPointer(text.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    /// The last answer when `reads` and `text` are the last read's, else `decode`'s; its records noted either way.
    private func remembered(_ reads: UnsafeRawBufferPointer, _ text: UnsafeRawBufferPointer,
                            _ decode: () -> (Answer, [KernelCallRecord])) -> Answer {
        let thread = PThread.currentID
        let same = last.withLock { last in
            last.flatMap { last in
                last.thread == thread && last.bytes.count == reads.count + text.count
                    && last.bytes.withUnsafeBytes { memcmp($0.baseAddress!, reads.baseAddress!, reads.count) == 0
                        && memcmp($0.baseAddress! + reads.count, text.baseAddress!, text.count) == 0 }
                    ? (last.answer, last.records) : nil
            }
        }
        let (answer, records) = same ?? decode()
        if same == nil { last.withLock { $0 = (Array(reads) + Array(text), thread, answer, records) } }
        KernelCallRecorder.note(contentsOf: records)
        return answer
    }

    /// What the calls found, and each as SysFile would have noted it.
    private static func answer(_ reads: UnsafeBufferPointer<cs_node_read>, text: UnsafeRawPointer) -> (Answer, [KernelCallRecord]) {
        var answer = Answer()
        var records: [KernelCallRecord] = []
        var links = 0
        var listed = false
        let thread = PThread.currentID
        for read in reads {
            let path = String(cString: text.advanced(by: read.path).assumingMemoryBound(to: CChar.self))
            let output = UnsafeRawBufferPointer(start: text.advanced(by: read.output), count: read.output_length)
            let code = Int(read.answer)
            switch Int(read.kind) {
            case Int(CS_NODE_READLINK.rawValue):
                records.append(KernelCallRecord(.readlink(path: path), answer: code, thread: thread))
                let name = code >= 0 ? SysFile.lastComponent(String(decoding: output, as: UTF8.self)) : nil
                if links == 0 { answer.driver = name } else { answer.iommuGroup = name }
                links += 1
            case Int(CS_NODE_ACCESS.rawValue):
                records.append(KernelCallRecord(.access(path: path), answer: code, thread: thread))
                guard code == 0 else { continue }
                if listed { answer.cdevNode = path } else { answer.groupNode = path }
            case Int(CS_NODE_LIST.rawValue):
                records.append(KernelCallRecord(.list(directory: path), answer: code, thread: thread, output: Array(output)))
                answer.entry = output.split(separator: UInt8(ascii: "\n")).first.map { String(decoding: $0, as: UTF8.self) }
                listed = true
            default:
                records.append(KernelCallRecord(.read(path: path), answer: code, thread: thread, output: code >= 0 ? Array(output) : nil))
                answer.files.append(code >= 0 ? .success(String(decoding: output, as: UTF8.self)) : .failure(Errno(rawValue: Int32(-code))))
            }
        }
        return (answer, records)
    }
}
