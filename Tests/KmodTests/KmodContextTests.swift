import Foundation
import Glibc
import Testing
@testable import Kmod

@Suite struct KmodContextTests {
    static let canStage = StagedModulesTree.depmod != nil
    static let canStageAModuleFile = canStage && StagedModulesTree.compiler != nil
    static let runningKernelModules: String? = {
        var names = utsname()
        uname(&names)
        let release = withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let path = "/lib/modules/" + release
        return FileManager.default.fileExists(atPath: path + "/modules.dep.bin") ? path : nil
    }()

    @Test func missingDirectorySaysSoAndNamesIt() {
        do {
            _ = try KmodContext(modulesDirectory: "/nonexistent")
            Issue.record("expected .modulesDirectory")
        } catch {
            guard case let .modulesDirectory(path, reason) = error else { Issue.record("\(error)"); return }
            #expect(path == "/nonexistent")
            #expect(reason.contains("does not exist"))
            #expect(error.description.contains("/nonexistent"))
        }
    }

    @Test func directoryWithoutModulesDepSuggestsDepmod() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kmod-empty-\(UUID().uuidString)").path
        let directory = base + "/lib/modules/1.2.3"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(throws: KmodError.modulesDirectory(
            path: directory, reason: "has no readable modules.dep: run `depmod -b \(base) 1.2.3` to create it and its indexes")) {
            try KmodContext(modulesDirectory: directory)
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func stagedTreeLoads() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            #expect(context.modulesDirectory == tree.directory)
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func unknownNameIsUnknownModule() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            #expect(!context.isAvailable("no_such_module_xyz"))
            #expect(throws: KmodError.unknownModule(name: "no_such_module_xyz", directory: tree.directory)) {
                try context.load("no_such_module_xyz")
            }
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func builtinModuleIsAvailableBuiltinAndLoadsAsANoOp() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            for name in ["vfioconformance_builtin", "vfioconformance-builtin"] {
                #expect(context.isAvailable(name))
                #expect(context.state(name) == .builtin)
                #expect(context.refcount(name) == nil)
                try context.load(name)
            }
        }
    }

    @Test(.enabled(if: canStageAModuleFile, "needs depmod and a C compiler to stage a module file"))
    func missingModuleFileFailsWithItsPathAndErrno() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            #expect(context.isAvailable("vfioconformance-fake"))
            do {
                try context.load("vfioconformance-fake", parameters: "debug=1")
                Issue.record("expected .load")
            } catch let error as KmodError {
                guard case let .load(name, code, reason) = error else { Issue.record("\(error)"); return }
                #expect(name == "vfioconformance-fake")
                #expect(code == .noSuchFileOrDirectory)
                #expect(reason.contains(tree.directory + "/kernel/drivers/fake/vfioconformance_fake.ko"))
                #expect(error.description.contains("'vfioconformance-fake'"))
            }
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func absentModuleHasNoStateCountOrHolders() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            #expect(context.state("no_such_module_xyz") == .absent)
            #expect(context.refcount("no_such_module_xyz") == nil)
            #expect(context.holders("no_such_module_xyz") == [])
            #expect(context.parameters("no-such-module-xyz") == [:])
        }
    }

    /// delete_module for a name that is not loaded changes nothing; the
    /// kernel answers ENOENT, or ENOSYS/EPERM where modules are off or the
    /// test runs unprivileged.
    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func removingAnAbsentModuleKeepsTheKernelsErrno() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            do {
                try context.remove("no_such_module_xyz")
                Issue.record("expected .remove")
            } catch let error as KmodError {
                guard case let .remove(name, code, reason) = error else { Issue.record("\(error)"); return }
                #expect(name == "no_such_module_xyz")
                #expect([.noSuchFileOrDirectory, .noFunction, .notPermitted].contains(code))
                if code == .noSuchFileOrDirectory { #expect(reason == "it is not loaded") }
            }
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"))
    func loadedModulesAreSorted() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            let loaded = context.loadedModules()
            #expect(loaded == loaded.sorted())
        }
    }

    @Test(.enabled(if: canStage, "needs depmod to stage a modules tree"),
          .enabled(if: FileManager.default.fileExists(atPath: "/sys/module/kernel/parameters"),
                   "needs /sys/module/kernel/parameters"))
    func parametersAreTrimmedSysfsValues() throws {
        try StagedModulesTree.with { tree in
            let context = try KmodContext(modulesDirectory: tree.directory)
            let parameters = context.parameters("kernel")
            #expect(!parameters.isEmpty)
            for value in parameters.values { #expect(value == value.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    @Test(.enabled(if: runningKernelModules != nil, "no /lib/modules/$(uname -r) with indexes on this host"))
    func defaultDirectoryIsTheRunningKernels() throws {
        let context = try KmodContext()
        #expect(context.modulesDirectory == Self.runningKernelModules)
        #expect(throws: KmodError.unknownModule(name: "no_such_module_xyz", directory: context.modulesDirectory)) {
            try context.load("no_such_module_xyz")
        }
    }

    @Test func errorsNameTheModuleAndDirectory() {
        #expect(KmodError.unknownModule(name: "vfio_pci", directory: "/lib/modules/6.12.0").description
            .contains("'vfio_pci' is not in /lib/modules/6.12.0"))
        #expect(KmodError.load(name: "vfio", errno: .execFormatError, reason: "invalid module format").description
            == "cannot load module 'vfio': invalid module format (errno 8, Exec format error)")
        #expect(KmodError.remove(name: "vfio", errno: .resourceTemporarilyUnavailable, reason: "it is in use").description
            .hasPrefix("cannot remove module 'vfio': it is in use (errno 11"))
        #expect(KmodError.modulesDirectory(path: "/x", reason: "does not exist").description
            == "kernel modules directory /x: does not exist")
    }
}
