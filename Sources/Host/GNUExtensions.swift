import Glibc

/// glibc functions declared only under _GNU_SOURCE, which Swift's Glibc
/// module is built without; resolved at run time instead. All exist since
/// glibc 2.34 (Debian 12 has 2.36); nil means an older glibc.
enum GNUExtensions {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>?, UInt32) -> Int32

    static let memfdCloseOnExec: UInt32 = 0x0001

    static let addChdir = lookup("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)
    static let addClosefrom = lookup("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self)
    static let memfdCreate = lookup("memfd_create", as: MemfdCreate.self)

    private static func lookup<Function>(_ name: String, as type: Function.Type) -> Function? {
        // A nil handle is RTLD_DEFAULT: search the process's global symbols.
        dlsym(nil, name).map { unsafeBitCast($0, to: type) }
    }
}
