import Host
import Kmod
import Probes

/// Puts the machine back the way the baseline found it: the device on its
/// original driver, the noiommu parameter, and exactly the baseline's modules.
/// Runs after every cell that does not hand its stack on, and once more on
/// exit or signal.
struct Restorer: Sendable {
    let environment: TestEnvironment
    let baselineModules: Set<String>
    let baselineNoiommu: String?

    init(environment: TestEnvironment) {
        self.environment = environment
        baselineModules = Set(environment.kmod.loadedModules())
        baselineNoiommu = try? ModuleParameter.noiommu(root: environment.root).read()
    }

    /// Restores and returns what could not be restored.
    func restore(unbindTimeout: Double = 10) -> [String] {
        restoreBinding(unbindTimeout: unbindTimeout) + restoreModules()
    }

    /// The noiommu parameter and exactly the baseline's modules; returns
    /// what could not be restored.
    func restoreModules() -> [String] {
        var problems: [String] = []
        let parameter = ModuleParameter.noiommu(root: environment.root)
        if let value = baselineNoiommu, let now = try? parameter.read(), now != value {
            do { try parameter.write(value) } catch { problems.append("restoring the noiommu parameter: \(error)") }
        }
        problems += unloadExtraModules()
        for name in baselineModules.subtracting(environment.kmod.loadedModules()).sorted() {
            do { try environment.kmod.load(name) } catch { problems.append("reloading \(name): \(error)") }
        }
        return problems
    }

    /// Puts the device, and the companion if there is one, back on its
    /// original driver and override; returns what could not be restored.
    func restoreBinding(unbindTimeout: Double = 10) -> [String] {
        ([environment.device] + [environment.companion].compactMap { $0 }).flatMap { restoreBinding(of: $0, unbindTimeout: unbindTimeout) }
    }

    private func restoreBinding(of original: PCIDevice, unbindTimeout: Double) -> [String] {
        let bus = environment.bus
        guard let now = try? bus.device(original.address),
              now.driver != original.driver || now.driverOverride != original.driverOverride else { return [] }
        let call = BackgroundCall { () -> String? in
            do { try bus.restore(original); return nil } catch { return "\(error)" }
        }
        switch call.wait(seconds: unbindTimeout) {
        case .none: return ["restoring \(original.address) to \(original.driver ?? "no driver") did not finish in \(Int(unbindTimeout)) s"]
        case .some(.some(let error)): return ["restoring \(original.address): \(error)"]
        case .some(.none): return []
        }
    }

    /// Removes modules loaded since the baseline, holders first.
    private func unloadExtraModules() -> [String] {
        Self.unload(Set(environment.kmod.loadedModules()).subtracting(baselineModules), kmod: environment.kmod)
    }

    /// Removes the modules, holders first: each pass removes those nothing
    /// uses any more, until none are left or none can go; returns why not.
    static func unload(_ modules: Set<String>, kmod: any KernelModules) -> [String] {
        var extra = modules
        while !extra.isEmpty {
            let removable = extra.filter { (kmod.refcount($0) ?? 0) == 0 && kmod.holders($0).isEmpty }
            guard !removable.isEmpty else {
                return extra.sorted().map { "module \($0) still in use (refcount \(kmod.refcount($0) ?? -1)); cannot unload" }
            }
            for name in removable.sorted() {
                let call = BackgroundCall { () -> String? in
                    do { try kmod.remove(name); return nil } catch { return "\(error)" }
                }
                switch call.wait(seconds: 10) {
                case .none: return ["rmmod \(name) did not return in 10 s"]
                case .some(.some(let error)): return ["rmmod \(name): \(error)"]
                case .some(.none): extra.remove(name)
                }
            }
        }
        return []
    }
}
