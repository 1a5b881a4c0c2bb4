import Glibc
import Host
import Synchronization
import SystemPackage

/// Follows /dev/kmsg from the moment it is created: each drain returns the
/// records printed since the previous one.
public final class KmsgWatcher: Sendable {
    private let file: FileDescriptor
    /// The sequence number of the last record returned, to count records the
    /// ring buffer overwrote before they were read. The lock also keeps two
    /// drains from interleaving reads on the shared file offset, and guards
    /// the read buffer, made once: a race drains after every round, and
    /// clearing 8 KiB each time costs more under TCG than the read.
    private let state = Mutex<(last: UInt64?, buffer: [UInt8])>((nil, [UInt8](repeating: 0, count: 8192)))

    public init(path: String = "/dev/kmsg") throws(ProbeError) {
        do { file = try FileDescriptor.open(path, O_RDONLY | O_NONBLOCK) } catch {
            throw .unreadable(path: path, errno: error)
        }
        do { _ = try syscall { lseek(file.rawValue, 0, SEEK_END) } } catch {
            try? file.close()
            throw .unreadable(path: path, errno: error)
        }
    }

    deinit { try? file.close() }

    /// Every record available now. Records lost to an overrun show up as one
    /// synthetic record saying how many, so a report is never silently missed.
    public func drain() -> [KmsgRecord] {
        state.withLock { state in
            var records: [KmsgRecord] = []
            var overrun = false
            // One read returns one record. Records are at most 2048 bytes
            // (PRINTK_MESSAGE_MAX); a buffer too small would fail with EINVAL.
            while true {
                let count: Int
                do { count = try file.read(into: &state.buffer) } catch .brokenPipe {
                    overrun = true
                    continue
                } catch {
                    break
                }
                if count == 0 { break }
                // The message is the first line; the device's KEY=value lines follow. By bytes.
                let end = state.buffer[..<count].firstIndex(of: UInt8(ascii: "\n")) ?? count
                guard let record = KmsgRecord(line: String(decoding: state.buffer[..<end], as: UTF8.self)) else { continue }
                if overrun {
                    records.append(Self.lossNote(after: state.last, before: record))
                    overrun = false
                }
                records.append(record)
                state.last = record.sequence
            }
            return records
        }
    }

    static func lossNote(after last: UInt64?, before next: KmsgRecord) -> KmsgRecord {
        let lost = last.map { next.sequence &- $0 &- 1 }
        let message = lost.map { "kmsg: \($0) records lost" } ?? "kmsg: records lost (count unknown)"
        return KmsgRecord(level: 4, sequence: last.map { $0 + 1 } ?? next.sequence,
                          microseconds: next.microseconds, message: message)
    }
}
