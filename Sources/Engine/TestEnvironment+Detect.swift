import Host
import Kmod
import Probes
import Results

extension TestEnvironment {
    /// Checks the input and the machine before anything is touched: the
    /// expectation table parses, we are root in a VM (or told --allow-host),
    /// the device exists and may be taken, the kernel config and modules
    /// directory are there.
    public static func detect(_ options: EngineOptions) throws -> TestEnvironment {
        let expectations = try ExpectationTable.load(options.expectations)
        let selector = try options.device.map { text throws(HostError) in try DeviceSelector(parsing: text) } ?? .automatic
        let root = SystemRoot(options.root)
        guard Privilege.isRoot else { throw EngineError.notRoot }
        if !options.allowHost && Hypervisor.detect(root: root) == nil { throw EngineError.notAVirtualMachine }
        let device = try PCIBus(root: root).select(selector, disposable: options.deviceIsDisposable)
        let release = KernelRelease.running
        let config = try KernelConfig.load(procRoot: root.proc(""), bootRoot: options.root == "/" ? "/boot" : root.path + "/boot", release: release)
        let kmod = try KmodContext(modulesDirectory: options.modulesDirectory)
        var environment = TestEnvironment(root: root, kmod: kmod, vfio: KernelVFIO(), device: device,
                                          features: VFIOFeatures(config: config), variant: options.variant ?? VariantName(release),
                                          topology: options.topology, kernel: release, expectations: expectations)
        environment.companion = PCIBus(root: root).companion(of: device)
        environment.getPACommand = options.getPACommand
        environment.race = options.race
        environment.keepCalls = options.keepCalls
        return environment
    }
}
