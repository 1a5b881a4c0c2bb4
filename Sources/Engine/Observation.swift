import Host
import Kmod
import SystemPackage
import VFIO

/// How the results spell what a call answered: "ok", or the errno name the
/// way kernel developers read it.
enum Observation {
    static let ok = "ok"

    /// What `body` answered: "ok", or the errno name of what it threw.
    static func answer(_ body: () throws -> Void) -> String {
        do { try body(); return ok } catch { return of(error) }
    }

    /// What `body` said when it returned, or the errno name of what it threw.
    static func word(_ body: () throws -> String) -> String {
        do { return try body() } catch { return of(error) }
    }

    static func of(_ error: any Error) -> String {
        if case HostError.notBound = error { return "not bound" }
        return kernelErrno(error)?.kernelName ?? "\(error)"
    }

    static func errno(of error: any Error) -> Int32? {
        kernelErrno(error)?.rawValue
    }

    /// The errno behind a name such as "EPERM"; nil for anything else.
    static func number(_ name: String) -> Int32? {
        (1...133).first { Errno(rawValue: $0).kernelName == name }
    }

    /// Each layer keeps the kernel's Errno in its own error; this finds it.
    private static func kernelErrno(_ error: any Error) -> Errno? {
        switch error {
        case let error as Errno: error
        case let error as HostError: error.errno
        case let error as KmodError: error.errno
        default: nil
        }
    }
}
