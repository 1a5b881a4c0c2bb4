import Kmod

/// The module operations the engine uses, so it runs on the CPU against a
/// model in tests; libkmod's context is the real one.
public protocol KernelModules: Sendable {
    func load(_ name: String, parameters: String) throws(KmodError)
    func remove(_ name: String) throws(KmodError)
    func state(_ name: String) -> ModuleState
    func refcount(_ name: String) -> Int?
    func holders(_ name: String) -> [String]
    func loadedModules() -> [String]
    func dependencies(_ name: String) -> [String]
}

extension KernelModules {
    func load(_ name: String) throws(KmodError) { try load(name, parameters: "") }
}

extension KmodContext: KernelModules {}
