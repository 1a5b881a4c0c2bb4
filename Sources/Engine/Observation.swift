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
        switch error {
        case let error as Errno: error.kernelName
        case HostError.notBound: "not bound"
        case let error as HostError: hostErrno(error).map(name) ?? "\(error)"
        case let error as KmodError: kmodErrno(error).map(name) ?? "\(error)"
        default: "\(error)"
        }
    }

    static func errno(of error: any Error) -> Int32? {
        switch error {
        case let error as Errno: error.rawValue
        case let error as HostError: hostErrno(error)
        case let error as KmodError: kmodErrno(error)
        default: nil
        }
    }

    static func name(_ errno: Int32) -> String { Errno(rawValue: errno).kernelName }

    /// The errno behind a name such as "EPERM"; nil for anything else.
    static func number(_ name: String) -> Int32? {
        (1...133).first { Errno(rawValue: $0).kernelName == name }
    }

    private static func hostErrno(_ error: HostError) -> Int32? {
        switch error {
        case let .read(_, errno), let .write(_, _, errno), let .spawn(_, errno): errno
        default: nil
        }
    }

    private static func kmodErrno(_ error: KmodError) -> Int32? {
        switch error {
        case let .load(_, errno, _), let .remove(_, errno, _): errno
        default: nil
        }
    }
}
