import Glibc
import Results
import Synchronization

/// Collects the kernel calls one thread makes while it records, and the
/// threads it starts meanwhile (`PThread.start` hands the recorder on, so
/// an unbind with a timeout or an open without CAP_SYS_RAWIO is among
/// them, each naming its thread): the wrappers that make each call
/// (SysFile, the VFIO handles, libkmod's context, the capability drop)
/// tell the calling thread's recorder, if it has one, so what a scenario
/// or a race worker did can be made again without the harness.
public final class KernelCallRecorder: Sendable {
    private let kept = Mutex<[KernelCallRecord]>([])
    /// Told each record as it is noted and again once it is answered, with
    /// its index: a cell's calls leave the guest before a call that kills it.
    private let streaming: (@Sendable (Int, KernelCallRecord) -> Void)?

    public var records: [KernelCallRecord] { kept.withLock { $0 } }

    /// How many calls are recorded so far: where a step's calls begin.
    public var count: Int { kept.withLock { $0.count } }

    public init(streaming: (@Sendable (Int, KernelCallRecord) -> Void)? = nil) {
        self.streaming = streaming
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var current: KernelCallRecorder? {
        pthread_getspecific(key).map { Unmanaged<KernelCallRecorder>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Whether the calling thread records: a caller that must copy what it
    /// would record before the call asks first.
    public static var isRecording: Bool { pthread_getspecific(key) != nil }

    /// Runs `body` with this thread's calls going to `recorder` (and no
    /// longer to the one before, which gets them back afterwards).
    public static func recording<T, E: Error>(into recorder: KernelCallRecorder, _ body: () throws(E) -> T) throws(E) -> T {
        let before = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(recorder).toOpaque())
        defer { pthread_setspecific(key, before) }
        return try withExtendedLifetime(recorder) { () throws(E) -> T in try body() }
    }

    /// Runs `body` unrecorded: the harness reading its own process (its
    /// descriptors), which no reproducer repeats.
    public static func unrecorded<T>(_ body: () -> T) -> T {
        let before = pthread_getspecific(key)
        pthread_setspecific(key, nil)
        defer { pthread_setspecific(key, before) }
        return body()
    }

    /// A call about to be made that may never return (an unbind stuck in
    /// the kernel): recorded now without an answer, which `complete` fills
    /// in; one still without it is where the cell hung. Nil when not recording.
    public static func begin(_ call: @autoclosure () -> KernelCall) -> Int? {
        guard let recorder = current else { return nil }
        let record = KernelCallRecord(call(), answer: nil, thread: PThread.currentID)
        return recorder.append(record)
    }

    /// The answer of the call `begin` noted, with the call as it turned out
    /// (the descriptor it returned) and what it gave back, where they differ.
    public static func complete(_ index: Int?, answer: Int, call: KernelCall? = nil, output: [UInt8]? = nil) {
        guard let index, let recorder = current else { return }
        let record = recorder.kept.withLock {
            if let call { $0[index].call = call }
            $0[index].answer = answer
            $0[index].output = output
            if $0.count > index + 1 { $0[index].answeredAfter = $0.count }
            return $0[index]
        }
        recorder.streaming?(index, record)
    }

    /// Says what the calling thread just asked and got; costs nothing more
    /// than a lookup when the thread is not recording.
    public static func note(_ call: @autoclosure () -> KernelCall, answer: @autoclosure () -> Int,
                            output: @autoclosure () -> [UInt8]? = nil) {
        guard let recorder = current else { return }
        recorder.append(KernelCallRecord(call(), answer: answer(), thread: PThread.currentID, output: output()))
    }

    /// Says what the calling thread asked and got in several calls at once (one made from C).
    public static func note(contentsOf records: [KernelCallRecord]) {
        guard let recorder = current else { return }
        let start = recorder.kept.withLock { kept in
            kept.append(contentsOf: records)
            return kept.count - records.count
        }
        for (offset, record) in records.enumerated() { recorder.streaming?(start + offset, record) }
    }

    @discardableResult
    private func append(_ record: KernelCallRecord) -> Int {
        let index = kept.withLock { records in
            records.append(record)
            return records.count - 1
        }
        streaming?(index, record)
        return index
    }
}
