import CKmod
import Glibc
import Host
import Results
import Synchronization
import SystemPackage

/// libkmod bound to one modules directory: load and remove modules the way
/// modprobe and rmmod do, and read their state in the running kernel.
///
/// `@unchecked Sendable` because a kmod_ctx is not thread-safe (it caches
/// modules in a hash table and shares the mmapped indexes): every use of
/// `handle` holds `lock`, and the handle never leaves this object.
public final class KmodContext: @unchecked Sendable {
    private let handle: OpaquePointer
    private let lock = Mutex(())
    public let modulesDirectory: String

    /// `nil` means the running kernel's /lib/modules/$(uname -r). The indexes
    /// are loaded up front so that a missing or stale tree fails here, with
    /// the reason, instead of as "unknown module" later.
    public init(modulesDirectory: String? = nil) throws(KmodError) {
        guard let handle = kmod_new(modulesDirectory, nil) else {
            throw .modulesDirectory(
                path: modulesDirectory ?? "/lib/modules/\(KernelRelease.running)",
                reason: "libkmod could not create a context: check /etc/modprobe.d and /lib/modprobe.d are readable")
        }
        let directory = String(cString: kmod_get_dirname(handle))
        // Failures reach callers as KmodError; libkmod's own stderr log would
        // repeat them on the guest console unless the user asked for it.
        if getenv("KMOD_LOG") == nil { kmod_set_log_fn(handle, nil, nil) }
        let result = kmod_load_resources(handle)
        guard result == 0 else {
            kmod_unref(handle)
            throw .modulesDirectory(path: directory, reason: KmodContext.unusableReason(directory, errno: Errno(rawValue: -result)))
        }
        self.handle = handle
        self.modulesDirectory = directory
    }

    deinit { kmod_unref(handle) }

    /// Loads the module and its dependencies like modprobe: install commands
    /// and options from modprobe.d apply, and an already loaded or builtin
    /// module counts as success (its parameters are then left as they are).
    /// `name` may be an alias; '-' and '_' are interchangeable.
    public func load(_ name: String, parameters: String = "") throws(KmodError) {
        try locked { () throws(KmodError) in
            let list = lookup(name)
            guard !list.modules.isEmpty else {
                throw KmodError.unknownModule(name: name, directory: modulesDirectory)
            }
            for module in list.modules {
                let result = kmod_module_probe_insert_module(
                    module, 0, parameters.isEmpty ? nil : parameters, nil, nil, nil)
                if KernelCallRecorder.isRecording { recordLoad(module, parameters: parameters, result: result) }
                if result < 0 {
                    let errno = Errno(rawValue: -result)
                    throw KmodError.load(name: name, errno: errno,
                                         reason: loadReason(module, errno: errno, parameters: parameters))
                }
            }
        }
    }

    /// A probe as the finit_module calls it made: every dependency before
    /// the modules that need it, as modprobe orders them (one already
    /// loaded answers EEXIST, which a replay counts as loaded), then the
    /// module with its parameters.
    private func recordLoad(_ module: OpaquePointer, parameters: String, result: Int32) {
        var recorded: Set<String> = []
        func dependencies(of module: OpaquePointer) {
            let list = ModuleList(kmod_module_get_dependencies(module))
            for dependency in list.modules where !recorded.contains(ModuleList.name(dependency)) {
                recorded.insert(ModuleList.name(dependency))
                dependencies(of: dependency)
                KernelCallRecorder.note(.loadModule(name: ModuleList.name(dependency), path: Self.path(of: dependency), parameters: ""), answer: 0)
            }
        }
        dependencies(of: module)
        KernelCallRecorder.note(.loadModule(name: ModuleList.name(module), path: Self.path(of: module), parameters: parameters), answer: Int(result))
    }

    private static func path(of module: OpaquePointer) -> String {
        kmod_module_get_path(module).map { String(cString: $0) } ?? ""
    }

    /// Removes the module like rmmod without --force: never waits, so a
    /// module in use fails at once with EAGAIN or EBUSY.
    public func remove(_ name: String) throws(KmodError) {
        try locked { () throws(KmodError) in
            let result = withModule(name, orElse: -EINVAL) { kmod_module_remove_module($0, 0) }
            KernelCallRecorder.note(.removeModule(name: name), answer: Int(result))
            if result < 0 {
                let errno = Errno(rawValue: -result)
                throw KmodError.remove(name: name, errno: errno, reason: removeReason(name, errno: errno))
            }
        }
    }

    public func state(_ name: String) -> ModuleState {
        locked { withModule(name, orElse: .absent, moduleState) }
    }

    /// `nil` when the module is not loaded (builtin modules have no count).
    public func refcount(_ name: String) -> Int? {
        locked { withModule(name, orElse: nil, moduleRefcount) }
    }

    public func holders(_ name: String) -> [String] {
        locked { withModule(name, orElse: [], moduleHolders) }
    }

    /// What loading the module pulls in, as the modules directory's
    /// modules.dep lists it (every module it needs, directly or not); empty
    /// for an unknown or builtin module.
    public func dependencies(_ name: String) -> [String] {
        locked {
            let list = lookup(name)
            return list.modules.flatMap { ModuleList(kmod_module_get_dependencies($0)).names }
        }
    }

    public func loadedModules() -> [String] {
        locked {
            var head: OpaquePointer?
            guard kmod_module_new_from_loaded(handle, &head) == 0 else { return [] }
            return ModuleList(head).names
        }
    }

    /// Readable parameters under /sys/module/<name>/parameters, whitespace
    /// trimmed; empty when the module is not loaded or has none.
    public func parameters(_ name: String) -> [String: String] {
        SysModuleDirectory(module: name).parameters()
    }

    /// Whether this modules directory has the module as a file or as builtin.
    public func isAvailable(_ name: String) -> Bool {
        locked { !lookup(name).modules.isEmpty }
    }

    // MARK: - Under the lock

    private func locked<T: Sendable, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try lock.withLock { _ throws(E) -> T in try body() }
    }

    private func lookup(_ name: String) -> ModuleList {
        var head: OpaquePointer?
        guard kmod_module_new_from_lookup(handle, name, &head) == 0 else { return ModuleList(nil) }
        return ModuleList(head)
    }

    /// A module by name, known to this directory or not: state queries and
    /// removal go to the kernel, which has the final word. `fallback` answers
    /// for names libkmod rejects (unbalanced brackets, over-long).
    private func withModule<T>(_ name: String, orElse fallback: T, _ body: (OpaquePointer) -> T) -> T {
        var module: OpaquePointer?
        guard kmod_module_new_from_name(handle, name, &module) == 0, let module else { return fallback }
        defer { kmod_module_unref(module) }
        return body(module)
    }

    private func moduleState(_ module: OpaquePointer) -> ModuleState {
        let state = kmod_module_get_initstate(module)
        guard state >= 0 else { return .absent }
        switch kmod_module_initstate(rawValue: UInt32(state)) {
        case KMOD_MODULE_LIVE: return .live
        case KMOD_MODULE_COMING: return .coming
        case KMOD_MODULE_GOING: return .going
        case KMOD_MODULE_BUILTIN: return .builtin
        default: return .absent
        }
    }

    private func moduleRefcount(_ module: OpaquePointer) -> Int? {
        let count = kmod_module_get_refcnt(module)
        if KernelCallRecorder.isRecording {
            // libkmod reads the count from sysfs: recorded as that read, so a reproducer compares it.
            let text = Array("\(count)\n".utf8)
            KernelCallRecorder.note(.read(path: "/sys/module/\(String(cString: kmod_module_get_name(module)))/refcnt"),
                                    answer: count >= 0 ? text.count : Int(count), output: count >= 0 ? text : nil)
        }
        return count >= 0 ? Int(count) : nil
    }

    private func moduleHolders(_ module: OpaquePointer) -> [String] {
        ModuleList(kmod_module_get_holders(module)).names
    }

    private func loadReason(_ module: OpaquePointer, errno: Errno, parameters: String) -> String {
        switch errno {
        case .noSuchFileOrDirectory:
            if let path = kmod_module_get_path(module).map({ String(cString: $0) }), access(path, F_OK) != 0 {
                return "its file \(path) is missing: reinstall the modules or re-run depmod for \(modulesDirectory)"
            }
            return "the kernel reported an unknown symbol or unknown parameter"
                + (parameters.isEmpty ? "" : " in '\(parameters)'") + ", or a dependency is missing: see dmesg"
        case .execFormatError:
            return "invalid module format: it was built for another kernel than the running \(KernelRelease.running); see dmesg"
        case .invalidArgument:
            return "the kernel refused it" + (parameters.isEmpty ? "" : " or its parameters '\(parameters)'") + ": see dmesg"
        case .notPermitted:
            return "not permitted: run as root (kernel lockdown or signature enforcement can also refuse it; see dmesg)"
        case .noFunction:
            return "the running kernel has no module support (CONFIG_MODULES is off)"
        case Errno(rawValue: EKEYREJECTED), Errno(rawValue: ENOKEY), .badMessage:
            return "the kernel rejected its signature; see dmesg"
        default:
            return "see dmesg for the kernel's reason"
        }
    }

    private func removeReason(_ name: String, errno: Errno) -> String {
        switch errno {
        case .noSuchFileOrDirectory:
            return withModule(name, orElse: .absent, moduleState) == .builtin
                ? "it is built into the kernel" : "it is not loaded"
        case .resourceTemporarilyUnavailable, .resourceBusy:
            let holders = withModule(name, orElse: [], moduleHolders)
            let count = withModule(name, orElse: nil, moduleRefcount).map(String.init) ?? "unknown"
            return "it is in use (refcount \(count)"
                + (holders.isEmpty ? "" : ", held by \(holders.joined(separator: ", "))")
                + "): close its users and remove its holders first"
        case .invalidArgument:
            return "'\(name)' is not a valid module name"
        case .notPermitted:
            return "not permitted: run as root"
        default:
            return "see dmesg for the kernel's reason"
        }
    }

    // MARK: - Diagnostics

    private static func unusableReason(_ directory: String, errno: Errno) -> String {
        let version = directory.split(separator: "/").last.map(String.init) ?? directory
        let prefix = directory.hasSuffix("/lib/modules/\(version)")
            ? String(directory.dropLast("/lib/modules/\(version)".count)) : ""
        let depmod = prefix.isEmpty ? "depmod \(version)" : "depmod -b \(prefix) \(version)"
        var status = stat()
        guard stat(directory, &status) == 0 else {
            let missing = Errno(rawValue: Glibc.errno)
            if missing == .noSuchFileOrDirectory {
                return "does not exist; the running kernel is \(KernelRelease.running): boot the kernel whose modules "
                    + "are installed, install this kernel's modules (make modules_install), or pass its modules directory"
            }
            return "cannot be read (\(KmodError.errnoText(missing))): run as root or pass a readable modules directory"
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            return "is not a directory: pass a directory like /lib/modules/\(KernelRelease.running)"
        }
        guard access(directory + "/modules.dep", R_OK) == 0 else {
            return "has no readable modules.dep: run `\(depmod)` to create it and its indexes"
        }
        return "its indexes (modules.dep.bin, modules.alias.bin, modules.symbols.bin, modules.builtin.bin) "
            + "cannot be loaded (\(KmodError.errnoText(errno))): re-run `\(depmod)`"
    }
}
