import CSupport
import Glibc
import Results
import SystemPackage

/// Recorded calls made again from C (CSupport's cs_replay_rounds), round
/// after round with nothing of the harness between them: how fast the
/// kernel lets a race go, to hold the harness's own rounds against.
public enum KernelCallReplay {
    /// What a replay made: its rounds and the seconds they took.
    public struct Rounds: Sendable, Equatable {
        public var rounds: Int
        public var seconds: Double

        public var perSecond: Double { seconds > 0 ? Double(rounds) / seconds : 0 }
    }

    /// Per round: `before` on this thread, the workers' calls at once (one
    /// thread each, released together), then `after`. Fails only when a
    /// thread could not be started.
    public static func rounds(before: [KernelCall], workers: [[KernelCall]], after: [KernelCall],
                              seconds: Double, maxRounds: Int? = nil) throws(Errno) -> Rounds {
        let storage = Storage()
        let first = storage.list(before), last = storage.list(after)
        var crew = workers.map(storage.list)
        var taken = 0.0
        let made = withUnsafePointer(to: first) { first in
            withUnsafePointer(to: last) { last in
                crew.withUnsafeMutableBufferPointer { crew in
                    cs_replay_rounds(first, crew.baseAddress, Int32(crew.count), last, seconds, maxRounds ?? 0, &taken)
                }
            }
        }
        withExtendedLifetime(storage) {}
        if made < 0 { throw Errno(rawValue: Int32(-made)) }
        return Rounds(rounds: made, seconds: taken)
    }

    /// The C copies of the calls and of every string and buffer they
    /// point at, freed together when the replay is over.
    private final class Storage {
        private var blocks: [UnsafeMutableRawPointer] = []

        deinit { for block in blocks { free(block) } }

        func list(_ calls: [KernelCall]) -> cs_calls {
            let array = UnsafeMutablePointer<cs_call>.allocate(capacity: max(calls.count, 1))
            blocks.append(UnsafeMutableRawPointer(array))
            for (index, call) in calls.enumerated() { array[index] = cCall(call) }
            return cs_calls(calls: array, count: calls.count)
        }

        private func string(_ text: String) -> UnsafePointer<CChar> {
            let copy = strdup(text)!
            blocks.append(UnsafeMutableRawPointer(copy))
            return UnsafePointer(copy)
        }

        private func bytes(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            copy.initialize(from: bytes, count: bytes.count)
            blocks.append(UnsafeMutableRawPointer(copy))
            return UnsafePointer(copy)
        }

        private func cCall(_ call: KernelCall) -> cs_call {
            var c = cs_call()
            c.fd = -1
            c.returns_fd = -1
            c.fd_offset = -1
            switch call {
            case let .open(path, flags, fd):
                c.kind = Int32(CS_CALL_OPEN.rawValue); c.text = string(path); c.flags = flags; c.returns_fd = fd ?? -1
            case let .close(fd):
                c.kind = Int32(CS_CALL_CLOSE.rawValue); c.fd = fd
            case let .write(path, value):
                c.kind = Int32(CS_CALL_WRITE.rawValue); c.text = string(path); c.value = string(value); c.value_length = value.utf8.count
            case let .read(path):
                c.kind = Int32(CS_CALL_READ.rawValue); c.text = string(path)
            case let .access(path):
                c.kind = Int32(CS_CALL_ACCESS.rawValue); c.text = string(path)
            case let .readlink(path):
                c.kind = Int32(CS_CALL_READLINK.rawValue); c.text = string(path)
            case let .list(directory):
                c.kind = Int32(CS_CALL_LIST.rawValue); c.text = string(directory)
            case let .ioctl(fd, request, argument, fdOffset):
                c.kind = Int32(CS_CALL_IOCTL.rawValue); c.fd = fd; c.request = request
                c.argument = bytes(argument); c.argument_length = argument.count; c.fd_offset = fdOffset ?? -1
            case let .ioctlString(fd, request, text, returned):
                c.kind = Int32(CS_CALL_IOCTL_STRING.rawValue); c.fd = fd; c.request = request; c.text = string(text); c.returns_fd = returned ?? -1
            case let .ioctlValue(fd, request, value):
                c.kind = Int32(CS_CALL_IOCTL_VALUE.rawValue); c.fd = fd; c.request = request; c.int_value = value
            case let .loadModule(name, path, parameters):
                c.kind = Int32(CS_CALL_LOAD_MODULE.rawValue); c.text = string(name); c.file = string(path); c.value = string(parameters)
            case let .removeModule(name):
                c.kind = Int32(CS_CALL_REMOVE_MODULE.rawValue); c.text = string(name)
            case let .dropCapability(number):
                c.kind = Int32(CS_CALL_DROP_CAPABILITY.rawValue); c.int_value = UInt(number)
            case let .eventfd(fd):
                c.kind = Int32(CS_CALL_EVENTFD.rawValue); c.returns_fd = fd ?? -1
            case let .poll(fd, milliseconds):
                c.kind = Int32(CS_CALL_POLL.rawValue); c.fd = fd; c.int_value = UInt(max(milliseconds, 0))
            }
            return c
        }
    }
}
