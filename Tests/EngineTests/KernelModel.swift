import Foundation
@testable import Engine
import Host
import Kmod
import Probes
import Results
import SystemPackage
import VFIO

/// A kernel on the CPU: modules, one PCI device (and a companion without an
/// IOMMU, which registers as noiommu only with the mode on) and the VFIO files, kept
/// as a few sets and files under a temporary system root, behind one lock
/// so the race scenarios' threads may call it at once. Every ioctl
/// succeeds; binding follows the rules scenarios rely on (a device without
/// an IOMMU group binds only with the mode on, and gets a noiommu group).
final class KernelModel: KernelModules, DeviceBus, VFIOFiles, KernelLog, @unchecked Sendable {
    let root: SystemRoot
    let features: VFIOFeatures
    let original: PCIDevice
    private let lock = NSLock()
    private var loaded: Set<String> = []
    private var driver: String?
    private var companionDriver: String?
    private var noiommuGroup: String?
    private(set) var calls: [String] = []
    private var logged: [String] = []
    /// Group and cdev fds closed so far, and those closed again after that.
    private var closedFDs: Set<Int32> = []
    private var closedAgain: [Int32] = []
    private var nextFD: Int32 = 1000
    /// The group's one opened file (vfio_group_fops_open), and the cdev fds
    /// bound to an iommufd, which block the group (vfio_device_block_group).
    private var groupOpenedBy: Int32?
    private var boundCdevs: Set<Int32> = []

    static let address = PCIAddress(bus: 0, device: 3, function: 0)
    static let companion = PCIDevice(address: PCIAddress(bus: 0, device: 4, function: 0), vendor: 0x1b36, device: 0x0005)

    init(features: VFIOFeatures, iommuGroup: String?, loaded: Set<String> = []) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-model-\(UUID().uuidString)").path
        root = SystemRoot(directory)
        self.features = features
        self.loaded = loaded
        original = PCIDevice(address: Self.address, vendor: 0x1234, device: 0x11e8, iommuGroup: iommuGroup)
        for path in [root.dev("vfio/devices"), root.proc("sys/kernel"), root.sys("module")] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        // Two CPUs, so the race scenarios race on the model instead of skipping.
        try FileManager.default.createDirectory(atPath: root.sys("devices/system/cpu"), withIntermediateDirectories: true)
        try "0-1\n".write(toFile: root.sys("devices/system/cpu/online"), atomically: true, encoding: .utf8)
        try "0\n".write(toFile: root.proc("sys/kernel/tainted"), atomically: true, encoding: .utf8)
        linkDevice()
    }

    /// The device's driver and iommu_group links as sysfs has them, for what reads them there (a race round's probe).
    private func linkDevice() {
        let directory = root.sys("bus/pci/devices/\(Self.address)")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let links = [("driver", driver.map { "../../../bus/pci/drivers/\($0)" }),
                     ("iommu_group", (original.iommuGroup ?? noiommuGroup).map { "../../../kernel/iommu_groups/\($0)" })]
        for (name, target) in links {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
            if let target { try? FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: target) }
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: root.path) }

    private func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private var parameterPath: String { root.sys("module/vfio/parameters/enable_unsafe_noiommu_mode") }
    private var modeOn: Bool { ((try? String(contentsOfFile: parameterPath, encoding: .utf8)) ?? "").first.map { "Y1".contains($0) } == true }

    // MARK: modules

    func load(_ name: String, parameters: String) throws(KmodError) {
        locked {
            calls.append("load \(name)")
            let module = name.replacingOccurrences(of: "-", with: "_")
            // Both layouts at once: irqbypass with vfio_pci_core (IRQ_BYPASS_MANAGER=m)
            // and vfio_virqfd a module of its own (as on 6.1).
            for dependency in dependencies(of: module) + [module] where !loaded.contains(dependency) {
                loaded.insert(dependency)
                if dependency == "vfio" && features.container != .none { _ = FileManager.default.createFile(atPath: root.dev("vfio/vfio"), contents: nil) }
                if dependency == "iommufd" || (dependency == "vfio" && features.iommufd) { _ = FileManager.default.createFile(atPath: root.dev("iommu"), contents: nil) }
                if dependency == "vfio" && features.noiommu {
                    try? FileManager.default.createDirectory(atPath: root.sys("module/vfio/parameters"), withIntermediateDirectories: true)
                    let on = dependency == module && parameters.contains("enable_unsafe_noiommu_mode=1")
                    try? (on ? "Y\n" : "N\n").write(toFile: parameterPath, atomically: false, encoding: .utf8)
                }
            }
        }
    }

    func remove(_ name: String) throws(KmodError) {
        try locked { () throws(KmodError) in
            calls.append("rmmod \(name)")
            guard loaded.contains(name) else { throw .remove(name: name, errno: .noSuchFileOrDirectory, reason: "not loaded") }
            loaded.remove(name)
            if name == "vfio_pci" { unbindLocked() }
            if name == "vfio" {
                try? FileManager.default.removeItem(atPath: root.sys("module/vfio"))
                try? FileManager.default.removeItem(atPath: root.dev("vfio/vfio"))
            }
            if !loaded.contains("iommufd") && !loaded.contains("vfio") { try? FileManager.default.removeItem(atPath: root.dev("iommu")) }
        }
    }

    func state(_ name: String) -> ModuleState { locked { loaded.contains(name) ? .live : .absent } }
    func refcount(_ name: String) -> Int? { locked { loaded.contains(name) ? 0 : nil } }
    func holders(_ name: String) -> [String] { [] }
    func loadedModules() -> [String] { locked { loaded.sorted() } }
    func dependencies(_ name: String) -> [String] { dependencies(of: name.replacingOccurrences(of: "-", with: "_")) }

    /// Bottom first. Both layouts at once: irqbypass with vfio_pci_core
    /// (IRQ_BYPASS_MANAGER=m) and vfio_virqfd a module of its own (as on
    /// 6.1); with the noiommu cdev iommufd needs iommu_amdv1 (as on 7.3).
    private func dependencies(of module: String) -> [String] {
        switch module {
        case "vfio_pci": ["vfio", "vfio_virqfd", "irqbypass", "vfio_pci_core"]
        case "vfio_iommu_type1": ["vfio"]
        case "iommufd" where features.noiommuCdev: ["iommu_amdv1"]
        default: []
        }
    }

    // MARK: the kernel log

    func log(_ message: String) { locked { logged.append(message) } }

    func drain() -> [KmsgRecord] {
        locked {
            defer { logged.removeAll() }
            return logged.enumerated().map { KmsgRecord(level: 4, sequence: UInt64($0.offset), microseconds: 0, message: $0.element) }
        }
    }

    // MARK: the bus

    func device(_ address: PCIAddress) throws(HostError) -> PCIDevice {
        locked {
            if address == Self.companion.address {
                var device = Self.companion
                device.driver = companionDriver
                return device
            }
            var device = original
            device.driver = driver
            device.iommuGroup = original.iommuGroup ?? noiommuGroup
            return device
        }
    }

    func bind(_ address: PCIAddress, to driver: String) throws(HostError) {
        try locked { () throws(HostError) in
            calls.append("bind \(driver)")
            if address == Self.companion.address {
                guard modeOn else { throw .notBound(address: address.description) }
                companionDriver = driver
                try? FileManager.default.createDirectory(atPath: root.sys("bus/pci/devices/\(address)/vfio-dev/noiommu-vfio1"), withIntermediateDirectories: true)
                return
            }
            let noiommu = original.iommuGroup == nil
            guard !noiommu || modeOn else { throw .notBound(address: address.description) }
            self.driver = driver
            if noiommu {
                noiommuGroup = "0"
                // vfio_group_find_or_alloc's add_taint(TAINT_USER): the U bit, sticky.
                try? "\(TaintFlags.user.rawValue)\n".write(toFile: root.proc("sys/kernel/tainted"), atomically: true, encoding: .utf8)
            }
            linkDevice()
            let group = noiommu ? "noiommu-0" : original.iommuGroup!
            _ = FileManager.default.createFile(atPath: root.dev("vfio/\(group)"), contents: nil)
            // Every registration has its vfio-dev entry (6.1.192, 6.12.117, 7.3.4); a /dev node only with the cdev for it.
            let name = noiommu && features.noiommuCdev ? "noiommu-vfio0" : "vfio0"
            try? FileManager.default.createDirectory(atPath: root.sys("bus/pci/devices/\(address)/vfio-dev/\(name)"), withIntermediateDirectories: true)
            if features.cdev && (!noiommu || features.noiommuCdev) {
                _ = FileManager.default.createFile(atPath: root.dev("vfio/devices/\(name)"), contents: nil)
            }
        }
    }

    func unbind(_ address: PCIAddress) throws(HostError) {
        locked {
            calls.append("unbind")
            if address == Self.companion.address {
                companionDriver = nil
                try? FileManager.default.removeItem(atPath: root.sys("bus/pci/devices/\(address)"))
                return
            }
            unbindLocked()
        }
    }

    private func unbindLocked() {
        driver = nil
        noiommuGroup = nil
        // The group and cdev go with the device: a rebind makes new ones.
        groupOpenedBy = nil
        boundCdevs.removeAll()
        for node in ["vfio/noiommu-0", "vfio/\(original.iommuGroup ?? "-")", "vfio/devices/vfio0", "vfio/devices/noiommu-vfio0"] {
            try? FileManager.default.removeItem(atPath: root.dev(node))
        }
        try? FileManager.default.removeItem(atPath: root.sys("bus"))
        linkDevice()
    }

    func restore(_ original: PCIDevice) throws(HostError) {
        locked {
            calls.append("restore")
            if original.address == Self.companion.address {
                companionDriver = nil
                return
            }
            unbindLocked()
        }
    }

    // MARK: VFIO files

    private func file(_ path: String, group: Bool = false, cdev: Bool = false) throws(Errno) -> ModelFile {
        guard FileManager.default.fileExists(atPath: path) else { throw Errno.noSuchFileOrDirectory }
        // As vfio and the noiommu cdev series: a noiommu node's open checks the opener's CAP_SYS_RAWIO.
        if path.split(separator: "/").last!.hasPrefix("noiommu-"), !Privilege.has(Privilege.capSysRawIO) { throw Errno.notPermitted }
        return try locked { () throws(Errno) in
            if group && (groupOpenedBy != nil || !boundCdevs.isEmpty) { throw Errno.resourceBusy }
            nextFD += 1
            if group { groupOpenedBy = nextFD }
            return ModelFile(fd: FileDescriptor(rawValue: nextFD), model: cdev || group ? self : nil)
        }
    }

    /// BIND_IOMMUFD of a cdev fd: refused while the group is open, or twice.
    fileprivate func bindCdev(_ fd: Int32) throws(Errno) {
        try locked { () throws(Errno) in
            if groupOpenedBy != nil { throw Errno.resourceBusy }
            guard boundCdevs.insert(fd).inserted else { throw Errno.invalidArgument }
        }
    }

    /// Group or cdev fds closed twice: the second close of a real fd may close another file that reused its number.
    var closedTwice: [Int32] { locked { closedAgain } }

    fileprivate func closed(_ fd: Int32) {
        locked {
            if !closedFDs.insert(fd).inserted { closedAgain.append(fd) }
            if groupOpenedBy == fd { groupOpenedBy = nil }
            boundCdevs.remove(fd)
        }
    }

    func openGroup(_ path: String) throws(Errno) -> any GroupFile { try file(path, group: true) }
    func openContainer(_ path: String) throws(Errno) -> any ContainerFile { try file(path) }
    func openDevice(_ path: String) throws(Errno) -> any DeviceFile { try file(path, cdev: true) }
    func openIOMMUFD(_ path: String) throws(Errno) -> any IOMMUFDFile { try file(path) }
    func makeEventFD() throws(Errno) -> any EventFile {
        locked {
            nextFD += 1
            return ModelFile(fd: FileDescriptor(rawValue: nextFD))
        }
    }

    func environment(table: ExpectationTable, topology: Topology, walksEveryStep: Bool = false) -> TestEnvironment {
        var environment = TestEnvironment(root: root, kmod: self, bus: self, vfio: self, device: original, features: features,
                                          variant: "model", topology: topology, kernel: "model", expectations: table)
        environment.walksEveryStep = walksEveryStep
        if topology == .noiommu { environment.companion = Self.companion }
        // Races on the model are about the steps they record, not timing: a few rounds.
        environment.race = RaceSettings(seconds: 1, iterations: 4)
        return environment
    }
}

/// Any VFIO or iommufd file of the model: every call succeeds, but a group
/// opens once and excludes a bound cdev, as the kernel's do.
struct ModelFile: GroupFile, ContainerFile, DeviceFile, IOMMUFDFile, EventFile {
    let fd: FileDescriptor
    /// For a group or cdev fd: the model that keeps their exclusion.
    var model: KernelModel?
    /// Noted as the VFIO layer's handles note it: what a reproducer is written from.
    func close() throws(Errno) {
        KernelCallRecorder.note(.close(fd: fd.rawValue), answer: 0)
        model?.closed(fd.rawValue)
    }
    func status() throws(Errno) -> GroupStatus { .viable }
    func setContainer(_ container: any VFIOFile) throws(Errno) {}
    func unsetContainer() throws(Errno) {}
    func openDevice(named name: String) throws(Errno) -> any DeviceFile { ModelFile(fd: FileDescriptor(rawValue: fd.rawValue + 500)) }
    func apiVersion() throws(Errno) -> Int32 { 0 }
    func checkExtension(_ type: IOMMUType) throws(Errno) -> Int32 { 1 }
    func setIOMMU(_ type: IOMMUType) throws(Errno) {}
    func info() throws(Errno) -> DeviceInfo { DeviceInfo(flags: [.pci, .reset], regions: 9, irqs: 5) }
    func reset() throws(Errno) {}
    func bind(to iommufd: any IOMMUFDFile) throws(Errno) -> UInt32 {
        try model?.bindCdev(fd.rawValue)
        return 1
    }
    func attach(pageTable id: UInt32) throws(Errno) -> UInt32 { id }
    func detachPageTable() throws(Errno) {}
    /// The model's driver asks at once: an unbind signals the channel before it could wait.
    func setRequestTrigger(_ event: any EventFile) throws(Errno) {}
    func signalled(within milliseconds: Int32) throws(Errno) -> Bool { true }
    func allocateIOAS() throws(Errno) -> UInt32 { 2 }
    func map(ioas: UInt32, userVA: UInt64, length: UInt64, iova: UInt64) throws(Errno) {}
    func unmap(ioas: UInt32, iova: UInt64, length: UInt64) throws(Errno) -> UInt64 { length }
    func physicalAddress(command: UInt8, ioas: UInt32, iova: UInt64, length: UInt64,
                         flags: UInt32, reserved: UInt32) throws(Errno) -> (phys: UInt64, length: UInt64) {
        (0x1000_0000, min(length, 0x1000))
    }
    func destroy(_ id: UInt32) throws(Errno) {}
}
