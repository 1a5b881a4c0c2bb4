import CSupport
import Glibc
import SystemPackage

/// A plain pthread rather than a pooled Dispatch worker: when an oops kills
/// a thread inside the kernel, libdispatch's pool monitor notices the worker
/// vanish and aborts the whole process. A thread of our own can die alone,
/// and the harness lives on to record the crash and restore the machine.
public enum PThread {
    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// The kernel's id of the calling thread (/proc/self/task/TID).
    public static var currentID: Int32 { cs_gettid() }

    /// Keeps the calling thread on the `n`th of the CPUs it may run on now
    /// (modulo their count): that CPU, or the errno of sched_setaffinity.
    @discardableResult
    public static func keepOnCPU(_ n: Int) -> Result<Int, Errno> {
        let cpu = cs_keep_on_cpu(Int32(n))
        return cpu >= 0 ? .success(Int(cpu)) : .failure(Errno(rawValue: -cpu))
    }

    /// Starts `body` on a new thread; nil (with the pthread_create error) when none could be made.
    public static func start(_ body: @escaping @Sendable () -> Void) -> Result<pthread_t, HostError> {
        // The new thread records where its starter does (a call on its behalf is the starter's call).
        let recorder = KernelCallRecorder.current
        let run: @Sendable () -> Void = {
            if let recorder { KernelCallRecorder.recording(into: recorder) { body() } } else { body() }
        }
        let box = Unmanaged.passRetained(Body(run)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, box)
        guard created == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return .failure(.spawn(command: "pthread_create", errno: Errno(rawValue: created)))
        }
        return .success(thread)
    }
}
