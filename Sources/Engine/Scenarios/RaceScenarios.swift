import Host
import Kmod
import SystemPackage
import VFIO

/// Concurrent pairs a VFIO user or an admin can really trigger, each raced
/// for the run's `--race-seconds` on two threads with seeded jitter
/// (`Race`). What is judged never depends on timing: every answer a channel
/// gave must be one its row allows, a round's invariant must hold in every
/// round, and the machine must be as expected afterwards. A break names the
/// iteration and the seed that repeat it.
enum RaceScenarios {
    static let all: [Scenario] = [
        Setups.modeOff.test("race/toggle-during-bind-unbind", "the noiommu mode flipped while another thread binds and unbinds",
                            detail: "One thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other binds the noiommu device to vfio-pci and, when that worked, reads its group node and unbinds. Every write answers ok, every bind ok or not bound (the mode is read at probe), a bound device has a noiommu group, every unbind ok; after each round the device is unbound. Afterwards, with the mode on, it binds and unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let report = try s.race([
                kit.modeWriter(),
                Race.Worker<Void>("bind") { turn in
                    guard turn.call("bind", { try kit.bind() }) else { return }
                    turn.answer("group node after bind", kit.nodeKind)
                    turn.call("unbind") { try kit.unbind() }
                },
            ], prepare: { _ in .success(()) }, verdict: { _, _, _ in kit.leftBound })
            for channel in ["noiommu write", "bind", "group node after bind", "unbind"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("unbound after every round", report)
            try s.setMode(true)
            try s.check("driver after the race", s.driver ?? "none")
            try s.require("bind after the race", s.tryBind())
            try s.check("group node after the race", s.groupNodeKind)
            try s.checkCleanUnbind()
        },
        Setups.bound.test("race/unbind-during-group-open-close", "unbind while another thread opens and closes the group",
                          detail: "Each round starts with the device bound; one thread unbinds it while the other opens its group node, asks GET_STATUS and closes it. The open answers ok, ENOENT (the node went), ENXIO (the cdev went, devtmpfs has not yet unlinked the node) or ENODEV (vfio_group_fops_open saw no drivers); GET_STATUS viable or ENODEV; unbind and close ok. After each round the device is unbound and its group node gone. Afterwards it binds again and its group opens.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let report = try s.race([
                Race.Worker<String>("unbind") { turn in turn.call("unbind") { try kit.unbind() } },
                Race.Worker<String>("group") { turn in
                    let node = turn.input
                    guard let group = turn.open("open group", { try kit.environment.vfio.openGroup(node) }) else { return }
                    turn.pause()
                    turn.answer("GET_STATUS", RaceKit.status(group))
                    turn.call("close group") { try group.close() }
                },
            ], prepare: { _ in kit.boundGroupNode() }, verdict: { _, node, _ in
                kit.leftBound ?? (SysFile.exists(node) ? "group node \(node) still there after unbind and close" : nil)
            })
            for channel in ["unbind", "open group", "GET_STATUS", "close group"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("unbound and node gone after every round", report)
            try s.check("group node after the race", s.groupNodeKind)
            try s.bind()
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        },
        Setups.bound.test("race/open-group-twice", "two threads open the same group at once: exactly one wins",
                          detail: "Both threads open the group node in the same instant and keep what they got until the round ends. vfio_group_fops_open admits one opened_file under group_lock: in every round exactly one open answers ok and the other EBUSY. Afterwards the group opens again (nothing was left holding it) and the device unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            guard let node = s.groupNode else { try s.skip("the bound device has no group node") }
            let opener = { (name: String) in
                Race.Worker<String>(name) { turn in
                    let node = turn.input
                    _ = turn.open("open group") { try kit.environment.vfio.openGroup(node) }
                }
            }
            let report = try s.race([opener("opener 1"), opener("opener 2")], prepare: { _ in .success(node) }, verdict: { _, _, turns in
                RaceKit.exactlyOne(turns, won: { $0.answered("open group") == Observation.ok }, "openers") ?? kit.contradiction
            })
            try s.checkAnswers("open group", report)
            try s.checkRounds("exactly one opener won every round", report)
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        },
    ] + CdevDevice.allCases.map(bindVersusGroupOpen) + noiommuCdevToggles + [
        Setups.bound.test("race/close-device-vs-unbind", "the device fd closed while another thread unbinds",
                          detail: "Each round opens the full group path (group, container or iommufd, device), then one thread closes the device fd while the other unbinds: an unbind that comes first waits in vfio-pci's request callback until the close, so both answer ok and the round ends with the device unbound. Afterwards the device binds again and its full path works (GET_INFO).") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let report = try s.race([
                Race.Worker<RaceKit.Path>("close") { turn in
                    let device = turn.input.device!
                    turn.call("close device") { try device.close() }
                },
                Race.Worker<RaceKit.Path>("unbind") { turn in turn.call("unbind") { try kit.unbind() } },
            ], prepare: { _ in kit.boundGroupNode().flatMap { kit.openPath($0) } }, verdict: { _, _, _ in kit.leftBound }, release: { path in
                try? path.group.close()
                try? path.container.close()
            })
            for channel in ["close device", "unbind"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("unbound after every round", report)
            try s.check("group node after the race", s.groupNodeKind)
            try s.bind()
            let path = try s.openDevice()
            try s.check("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.checkCleanUnbind()
        },
        Setups.bound.test("race/rmmod-vfio-pci-vs-open", "rmmod vfio-pci while another thread opens the device",
                          detail: "Each round loads vfio-pci, binds the device and opens its group into a container; then one thread removes vfio-pci while the other asks GET_DEVICE_FD and closes what it got. An open device holds the module (rmmod answers EAGAIN), a module on its way out refuses the open (vfio_df_device_first_open: ENODEV), and a device already gone is not found (ENODEV). Afterwards the stack loads, the device binds and its full path works.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let name = s.address.description
            let report = try s.race([
                Race.Worker<RaceKit.Path>("rmmod") { turn in turn.call("rmmod vfio_pci") { try kit.environment.kmod.remove("vfio_pci") } },
                Race.Worker<RaceKit.Path>("open") { turn in
                    let group = turn.input.group
                    guard let device = turn.open("GET_DEVICE_FD", { try group.openDevice(named: name) }) else { return }
                    turn.call("close device") { try device.close() }
                },
            ], prepare: { _ in kit.loadedAndBound().flatMap { kit.openPath($0, device: false) } }, release: { path in
                try? path.group.close()
                try? path.container.close()
            })
            for channel in ["rmmod vfio_pci", "GET_DEVICE_FD", "close device"] { try s.checkAnswers(channel, report) }
            try s.loadFreshStack(.forTopology)
            try s.bind()
            let path = try s.openDevice()
            try s.check("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.checkCleanUnbind()
        },
    ]

    /// Point (b) on the cdev: the mode written while another thread uses a
    /// noiommu cdev (the noiommu cdev series), and on the group path.
    static let noiommuCdevToggles: [Scenario] = [
        Setups.noiommuBound.test("race/toggle-vs-group-open", "the noiommu mode flipped while another thread opens and closes the noiommu group",
                                 detail: "The device is bound with the mode on, so it has a noiommu group. One thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other opens /dev/vfio/noiommu-N, asks GET_STATUS and closes it. The group exists from registration on; vfio_group_fops_open checks CAP_SYS_RAWIO, never the parameter: every open and close answers ok and GET_STATUS is viable, and after every round the group node is still noiommu. Afterwards, with the mode on, the device unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            guard let node = s.groupNode else { try s.require("group node", "absent"); return }
            let report = try s.race([
                kit.modeWriter(),
                Race.Worker<Void>("group") { turn in
                    guard let group = turn.open("open group", { try kit.environment.vfio.openGroup(node) }) else { return }
                    turn.answer("GET_STATUS", RaceKit.status(group))
                    turn.call("close group") { try group.close() }
                },
            ], prepare: { _ in .success(()) }, verdict: { _, _, _ in
                kit.nodeKind == "noiommu" ? kit.contradiction : "group node \(kit.nodeKind) after the round"
            })
            for channel in ["noiommu write", "open group", "GET_STATUS", "close group"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("still a noiommu group after every round", report)
            try s.setMode(true)
            try s.checkCleanUnbind()
        },
        CdevDevice.noiommu.boundToIOMMUFD.test("race/noiommu-cdev-toggle-vs-attach", "the noiommu mode flipped while another thread attaches the noiommu cdev to an IOAS and detaches it",
                                               detail: "The noiommu cdev is bound to an iommufd with an IOAS; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other asks VFIO_DEVICE_ATTACH_IOMMUFD_PT for the IOAS and DETACH_IOMMUFD_PT. The attach takes the noiommu ops the device was registered with, never the live parameter: every attach and detach answers ok. Afterwards, with the mode on, the device unbinds cleanly.") { s, cdev throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let (device, iommufd) = cdev
            let ioas = try s.require("IOAS_ALLOC") { try iommufd.allocateIOAS() }
            let report = try s.race([
                kit.modeWriter(),
                Race.Worker<Void>("attach") { turn in
                    guard turn.call("ATTACH_IOMMUFD_PT", { _ = try device.attach(pageTable: ioas) }) else { return }
                    turn.call("DETACH_IOMMUFD_PT") { try device.detachPageTable() }
                },
            ], prepare: { _ in .success(()) })
            for channel in ["noiommu write", "ATTACH_IOMMUFD_PT", "DETACH_IOMMUFD_PT"] { try s.checkAnswers(channel, report) }
            try s.setMode(true)
            // An open cdev holds the unbind in vfio_unregister_group_dev until its user lets go.
            try s.close(device, "close device")
            try s.checkCleanUnbind()
        },
        CdevDevice.noiommu.bound.test("race/noiommu-cdev-toggle-vs-open-bind", "the noiommu mode flipped while another thread opens, binds and closes the noiommu cdev",
                                      detail: "Each round opens a new iommufd; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other opens /dev/vfio/devices/noiommu-vfioN, binds it to the iommufd and closes it. The device was registered as noiommu, so the live parameter decides nothing: every open, bind and close answers ok, and after every round the vfio-dev entry is still noiommu-vfioN. Afterwards, with the mode on, the device unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            guard let node = s.cdevNode else { try s.require("cdev node", "absent"); return }
            let report = try s.race([
                kit.modeWriter(),
                Race.Worker<any IOMMUFDFile>("cdev") { turn in
                    let iommufd = turn.input
                    guard let device = turn.open("open cdev", { try kit.environment.vfio.openDevice(node) }) else { return }
                    turn.call("BIND_IOMMUFD") { _ = try device.bind(to: iommufd) }
                    turn.call("close cdev") { try device.close() }
                },
            ], prepare: { _ in kit.openIOMMUFD() }, verdict: { _, _, _ in
                let kind = CdevDevice.entryKind(kit.environment.cdevName)
                return kind == "noiommu-vfioN" ? kit.contradiction : "vfio-dev entry \(kind) after the round"
            }, release: { try? $0.close() })
            for channel in ["noiommu write", "open cdev", "BIND_IOMMUFD", "close cdev"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("still a noiommu cdev after every round", report)
            try s.setMode(true)
            try s.checkCleanUnbind()
        },
        CdevDevice.noiommu.attached.test("race/noiommu-cdev-toggle-vs-get-pa", "the noiommu mode flipped while another thread asks the PA query",
                                         detail: "Maps a page into the IOAS the noiommu cdev is attached to; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other asks IOMMU_IOAS_NOIOMMU_GET_PA for the mapped IOVA. The query checks CAP_SYS_RAWIO and the IOAS's storage domain, never the parameter: every answer is the PA /proc/self/pagemap gives. Afterwards, with the mode on, unmap takes the page.") { s, cdev throws(ScenarioStop) in
            guard let command = s.environment.getPACommand else { try s.skip("the tree's include/uapi/linux/iommufd.h has no noiommu PA query") }
            let kit = RaceKit(s.environment)
            let (_, iommufd, ioas) = cdev
            let buffer = try s.require("allocate a page") { try PinnedBuffer(pages: 1) }
            let length = UInt64(buffer.length)
            try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: CdevScenarios.iova) })
            guard let phys = try s.require("read /proc/self/pagemap", { try buffer.physicalAddresses() })[0] else {
                try s.require("page present in pagemap", "absent"); return
            }
            let report = try s.race([
                kit.modeWriter(),
                Race.Worker<Void>("query") { turn in
                    turn.answer("PA query", Observation.word {
                        let answer = try iommufd.physicalAddress(command: command, ioas: ioas, iova: CdevScenarios.iova, length: length)
                        return answer.phys == phys ? "pagemap's" : "phys " + hex(answer.phys)
                    })
                },
            ], prepare: { _ in .success(()) })
            for channel in ["noiommu write", "PA query"] { try s.checkAnswers(channel, report) }
            try s.setMode(true)
            try s.check("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: CdevScenarios.iova, length: length) == length ? "all" : "part" })
            withExtendedLifetime(buffer) {}
        },
    ]

    /// BIND_IOMMUFD on the device's cdev against an open of its group, for
    /// a device behind the vIOMMU and a noiommu device with the series.
    static func bindVersusGroupOpen(_ kind: CdevDevice) -> Scenario {
        typealias Files = (device: any DeviceFile, iommufd: any IOMMUFDFile, node: String)
        return kind.bound.test("race/\(kind.family)-bind-vs-group-open", "BIND_IOMMUFD on the cdev racing an open of the group",
                               detail: "Each round opens \(kind.noun)'s cdev and a new iommufd; then one thread binds the cdev while the other opens the group. vfio_device_block_group and vfio_group_fops_open exclude each other under group_lock: every answer is ok or EBUSY and in every round exactly one of the two wins. Afterwards the group opens again and the device unbinds cleanly.",
                               needs: [.feature(.group), .feature(.iommufd)]) { s, _ throws(ScenarioStop) in
            let kit = RaceKit(s.environment)
            let report = try s.race([
                Race.Worker<Files>("bind") { turn in
                    let (device, iommufd) = (turn.input.device, turn.input.iommufd)
                    turn.call("BIND_IOMMUFD") { _ = try device.bind(to: iommufd) }
                },
                Race.Worker<Files>("group") { turn in
                    let node = turn.input.node
                    _ = turn.open("open group") { try kit.environment.vfio.openGroup(node) }
                },
            ], prepare: { _ in kit.cdevAndIOMMUFD() }, verdict: { _, _, turns in
                RaceKit.exactlyOne(turns, won: { $0.answered("BIND_IOMMUFD") ?? $0.answered("open group") == Observation.ok }, "of BIND_IOMMUFD and the group open")
                    ?? kit.contradiction
            }, release: { files in
                try? files.device.close()
                try? files.iommufd.close()
            })
            for channel in ["BIND_IOMMUFD", "open group"] { try s.checkAnswers(channel, report) }
            try s.checkRounds("exactly one of bind and open won every round", report)
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        }
    }
}

/// What race workers reach the kernel with: the environment's seams, which
/// are safe on any thread (the context is not, and stays on the cell's).
struct RaceKit: Sendable {
    let environment: TestEnvironment

    init(_ environment: TestEnvironment) { self.environment = environment }

    var address: PCIAddress { environment.device.address }
    var driver: String? { (try? environment.bus.device(address))?.driver }

    func bind() throws(HostError) { try environment.bus.bind(address, to: "vfio-pci") }
    func unbind() throws(HostError) { try environment.bus.unbind(address) }
    func setMode(_ on: Bool) throws(HostError) { try ModuleParameter.noiommu(root: environment.root).write(on ? "1" : "0") }

    /// Point (b)'s other thread: writes enable_unsafe_noiommu_mode, on or off by the seed.
    func modeWriter<Input>() -> Race.Worker<Input> {
        Race.Worker("mode") { turn in
            let on = turn.coin()
            turn.call("noiommu write") { try setMode(on) }
        }
    }

    /// A round's invariant: the device ended it unbound, and its state holds together (`RoundState`).
    var leftBound: String? {
        let state = RoundState(environment)
        return state.driver.map { "still bound to \($0) after the round" } ?? state.contradiction(environment)
    }

    /// What of the state a round left contradicts the rest of it, nil if nothing.
    var contradiction: String? { RoundState(environment).contradiction(environment) }

    /// "noiommu", "plain" or "absent", as `ScenarioContext.groupNodeKind`.
    var nodeKind: String { environment.groupNodeKind }

    static func status(_ group: any GroupFile) -> String {
        do {
            let status = try group.status()
            return status.contains(.viable) ? "viable" : "not viable"
        } catch {
            return Observation.of(error)
        }
    }

    /// nil when exactly one of `turns` won, else what happened.
    static func exactlyOne<Input>(_ turns: [RaceTurn<Input>], won: (RaceTurn<Input>) -> Bool, _ who: String) -> String? {
        let winners = turns.filter(won).count
        if winners == 1 { return nil }
        let answers = turns.flatMap { $0.answers.map { "\($0.channel) \($0.answer)" } }.joined(separator: ", ")
        return "\(winners == 0 ? "none" : "\(winners)") \(who) won (\(answers))"
    }

    /// A round's start: the device bound to vfio-pci; its group node.
    func boundGroupNode() -> Result<String, RaceBreak> {
        if driver != "vfio-pci" {
            do { try bind() } catch { return .failure(RaceBreak("the round's bind answered \(Observation.of(error))")) }
        }
        guard let node = environment.groupNode else { return .failure(RaceBreak("no group node after bind")) }
        return .success(node)
    }

    /// A round's start after an rmmod: vfio-pci loaded and the device bound.
    func loadedAndBound() -> Result<String, RaceBreak> {
        do { try environment.kmod.load("vfio-pci") } catch {
            return .failure(RaceBreak("the round's load of vfio-pci answered \(Observation.of(error))"))
        }
        return boundGroupNode()
    }

    /// The group path a round starts from: group, container (or iommufd), device.
    struct Path: Sendable {
        let group: any GroupFile
        let container: any VFIOFile
        let device: (any DeviceFile)?
    }

    /// The group opened into a container with the IOMMU type of the
    /// topology (on kernels without a container, an iommufd); the device fd
    /// too unless `device` is false.
    func openPath(_ node: String, device withDevice: Bool = true) -> Result<Path, RaceBreak> {
        var opened: [any VFIOFile] = []
        func step<T>(_ name: String, _ body: () throws -> T) throws(RaceBreak) -> T {
            do { return try body() } catch {
                for file in opened.reversed() { try? file.close() }
                throw RaceBreak("the round's \(name) answered \(Observation.of(error))")
            }
        }
        let vfio = environment.vfio
        do {
            let group = try step("open group") { try vfio.openGroup(node) }
            opened.append(group)
            let container: any VFIOFile
            if environment.features.container == .none {
                let iommufd = try step("open /dev/iommu") { try vfio.openIOMMUFD(environment.root.dev("iommu")) }
                opened.append(iommufd)
                try step("SET_CONTAINER iommufd") { try group.setContainer(iommufd) }
                container = iommufd
            } else {
                let legacy = try step("open container") { try vfio.openContainer(environment.root.dev("vfio/vfio")) }
                opened.append(legacy)
                try step("SET_CONTAINER") { try group.setContainer(legacy) }
                let type: IOMMUType = environment.hasIOMMUGroup ? .type1v2 : .noiommu
                try step("SET_IOMMU \(type)") { try legacy.setIOMMU(type) }
                container = legacy
            }
            let device = withDevice ? try step("GET_DEVICE_FD") { try group.openDevice(named: address.description) } : nil
            return .success(Path(group: group, container: container, device: device))
        } catch {
            return .failure(error)
        }
    }

    /// A round's start: a new iommufd.
    func openIOMMUFD() -> Result<any IOMMUFDFile, RaceBreak> {
        do { return .success(try environment.vfio.openIOMMUFD(environment.root.dev("iommu"))) } catch {
            return .failure(RaceBreak("the round's open of /dev/iommu answered \(Observation.of(error))"))
        }
    }

    /// A round's start for the cdev race: the cdev and a new iommufd open,
    /// and the group node to open against them.
    func cdevAndIOMMUFD() -> Result<(device: any DeviceFile, iommufd: any IOMMUFDFile, node: String), RaceBreak> {
        guard let cdev = environment.cdevNode else { return .failure(RaceBreak("no cdev node")) }
        guard let node = environment.groupNode else { return .failure(RaceBreak("no group node")) }
        let vfio = environment.vfio
        let device: any DeviceFile
        do { device = try vfio.openDevice(cdev) } catch { return .failure(RaceBreak("the round's open of \(cdev) answered \(Observation.of(error))")) }
        do {
            return .success((device, try vfio.openIOMMUFD(environment.root.dev("iommu")), node))
        } catch {
            try? device.close()
            return .failure(RaceBreak("the round's open of /dev/iommu answered \(Observation.of(error))"))
        }
    }
}
