import CKmod

/// The modules of one kmod_list, holding a reference to each until the list
/// goes out of scope, so no caller can leak or double-release them.
struct ModuleList: ~Copyable {
    private let head: OpaquePointer?
    let modules: [OpaquePointer]

    init(_ head: OpaquePointer?) {
        self.head = head
        var modules: [OpaquePointer] = []
        var entry = head
        while let current = entry {
            if let module = kmod_module_get_module(current) { modules.append(module) }
            entry = kmod_list_next(head, current)
        }
        self.modules = modules
    }

    var names: [String] { modules.map(ModuleList.name).sorted() }

    static func name(_ module: OpaquePointer) -> String {
        String(cString: kmod_module_get_name(module))
    }

    deinit {
        // kmod_module_get_module returned a new reference per entry.
        for module in modules { kmod_module_unref(module) }
        kmod_module_unref_list(head)
    }
}
