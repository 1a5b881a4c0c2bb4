import Host
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
            let kernel = s.kernel
            let report = try s.race([
                modeWriter(kernel),
                Race.Worker<Void>("bind", answers: [.bind, .groupNodeAfterBind, .unbind]) { turn in
                    guard turn.call(.bind, { try kernel.bind() }) else { return }
                    turn.answer(.groupNodeAfterBind, kernel.groupNodeKind)
                    turn.call(.unbind) { try kernel.unbind() }
                },
            ], prepare: { _ in .success(()) }, verdict: { _, _, _ in kernel.leftBound })
            try s.checkAnswers(report)
            try s.checkRounds("unbound after every round", report)
            try s.setMode(true)
            try s.check("driver after the race", s.driver ?? "none")
            try s.require("bind after the race", s.tryBind())
            try s.check("group node after the race", s.groupNodeKind)
            try s.checkCleanUnbind()
        },
        Setups.bound.test("race/unbind-during-group-open-close", "unbind while another thread opens and closes the group",
                          detail: "Each round starts with the device bound; one thread unbinds it while the other opens its group node, asks GET_STATUS and closes it. The open answers ok, ENOENT (the node went), ENXIO (the cdev went, devtmpfs has not yet unlinked the node) or ENODEV (vfio_group_fops_open saw no drivers); GET_STATUS viable or ENODEV; unbind and close ok. After each round the device is unbound and its group node gone. Afterwards it binds again and its group opens.") { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            let report = try s.race([
                Race.Worker<String>("unbind", answers: [.unbind]) { turn in turn.call(.unbind) { try kernel.unbind() } },
                Race.Worker<String>("group", answers: [.openGroup, .getStatus, .closeGroup]) { turn in
                    let node = turn.input
                    guard let group = turn.open(.openGroup, { try kernel.openGroup(node) }) else { return }
                    turn.pause()
                    turn.answer(.getStatus, status(group))
                    turn.close(.closeGroup, group, in: kernel)
                },
            ], prepare: { _ in kernel.boundGroupNode() }, verdict: { _, node, _ in
                kernel.leftBound ?? (SysFile.exists(node) ? "group node \(node) still there after unbind and close" : nil)
            })
            try s.checkAnswers(report)
            try s.checkRounds("unbound and node gone after every round", report)
            try s.check("group node after the race", s.groupNodeKind)
            try s.bind()
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        },
        Setups.bound.test("race/open-group-twice", "two threads open the same group at once: exactly one wins",
                          detail: "Both threads open the group node in the same instant and keep what they got until the round ends. vfio_group_fops_open admits one opened_file under group_lock: in every round exactly one open answers ok and the other EBUSY. Afterwards the group opens again (nothing was left holding it) and the device unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            guard let node = s.groupNode else { try s.skip("the bound device has no group node") }
            let opener = { (name: String) in
                Race.Worker<String>(name, answers: [.openGroup]) { turn in
                    let node = turn.input
                    _ = turn.open(.openGroup) { try kernel.openGroup(node) }
                }
            }
            let report = try s.race([opener("opener 1"), opener("opener 2")], prepare: { _ in .success(node) }, verdict: { _, _, turns in
                exactlyOne(turns, won: { $0.answered(.openGroup) == Observation.ok }, "openers") ?? kernel.unexpectedState()
            })
            try s.checkAnswers(report)
            try s.checkRounds("exactly one opener won every round", report)
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        },
    ] + CdevDevice.allCases.map(bindVersusGroupOpen) + noiommuCdevToggles + [
        Setups.bound.test("race/close-device-vs-unbind", "the device fd closed while another thread unbinds",
                          detail: "Each round opens the full group path (group, container or iommufd, device), then one thread closes the device fd while the other unbinds: an unbind that comes first waits in vfio-pci's request callback until the close, so both answer ok and the round ends with the device unbound. Afterwards the device binds again and its full path works (GET_INFO).") { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            let report = try s.race([
                Race.Worker<CellKernel.Path>("close", answers: [.closeDevice]) { turn in
                    let device = turn.input.device!
                    turn.close(.closeDevice, device, in: kernel)
                },
                Race.Worker<CellKernel.Path>("unbind", answers: [.unbind]) { turn in turn.call(.unbind) { try kernel.unbind() } },
            ], prepare: { _ in kernel.boundGroupNode().flatMap { kernel.openPath($0) } }, verdict: { _, _, _ in kernel.leftBound }, release: { path in
                try? kernel.close(path.group)
                try? kernel.close(path.container)
            })
            try s.checkAnswers(report)
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
            let kernel = s.kernel
            let report = try s.race([
                Race.Worker<CellKernel.Path>("rmmod", answers: [.rmmodVFIOPCI]) { turn in turn.call(.rmmodVFIOPCI) { try kernel.remove("vfio_pci") } },
                Race.Worker<CellKernel.Path>("open", answers: [.getDeviceFD, .closeDevice]) { turn in
                    let group = turn.input.group
                    guard let device = turn.open(.getDeviceFD, { try kernel.openDevice(in: group) }) else { return }
                    turn.close(.closeDevice, device, in: kernel)
                },
            ], prepare: { _ in kernel.loadedAndBound().flatMap { kernel.openPath($0, device: false) } }, release: { path in
                try? kernel.close(path.group)
                try? kernel.close(path.container)
            })
            try s.checkAnswers(report)
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
            let kernel = s.kernel
            guard let node = s.groupNode else { try s.require("group node", "absent"); return }
            let report = try s.race([
                modeWriter(kernel),
                Race.Worker<Void>("group", answers: [.openGroup, .getStatus, .closeGroup]) { turn in
                    guard let group = turn.open(.openGroup, { try kernel.openGroup(node) }) else { return }
                    turn.answer(.getStatus, status(group))
                    turn.close(.closeGroup, group, in: kernel)
                },
            ], prepare: { _ in .success(()) }, verdict: { _, _, _ in
                kernel.unexpectedState { $0.groupNode == "noiommu" ? nil : "group node \($0.groupNode) after the round" }
            })
            try s.checkAnswers(report)
            try s.checkRounds("still a noiommu group after every round", report)
            try s.setMode(true)
            try s.checkCleanUnbind()
        },
        Setups.cdevBoundToIOMMUFD(.noiommu).test("race/noiommu-cdev-toggle-vs-attach", "the noiommu mode flipped while another thread attaches the noiommu cdev to an IOAS and detaches it",
                                               detail: "The noiommu cdev is bound to an iommufd with an IOAS; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other asks VFIO_DEVICE_ATTACH_IOMMUFD_PT for the IOAS and DETACH_IOMMUFD_PT. The attach takes the noiommu ops the device was registered with, never the live parameter: every attach and detach answers ok. Afterwards, with the mode on, the device unbinds cleanly.") { s, cdev throws(ScenarioStop) in
            let kernel = s.kernel
            let (device, iommufd) = cdev
            let ioas = try s.must("IOAS_ALLOC") { try iommufd.allocateIOAS() }
            let report = try s.race([
                modeWriter(kernel),
                Race.Worker<Void>("attach", answers: [.attach, .detach]) { turn in
                    guard turn.call(.attach, { _ = try device.attach(pageTable: ioas) }) else { return }
                    turn.call(.detach) { try device.detachPageTable() }
                },
            ], prepare: { _ in .success(()) })
            try s.checkAnswers(report)
            try s.setMode(true)
            // An open cdev holds the unbind in vfio_unregister_group_dev until its user lets go.
            try s.close(device, "close device")
            try s.checkCleanUnbind()
        },
        Setups.cdevBound(.noiommu).test("race/noiommu-cdev-toggle-vs-open-bind", "the noiommu mode flipped while another thread opens, binds and closes the noiommu cdev",
                                      detail: "Each round opens a new iommufd; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other opens /dev/vfio/devices/noiommu-vfioN, binds it to the iommufd and closes it. The device was registered as noiommu, so the live parameter decides nothing: every open, bind and close answers ok, and after every round the vfio-dev entry is still noiommu-vfioN. Afterwards, with the mode on, the device unbinds cleanly.") { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            guard let node = s.cdevNode else { try s.require("cdev node", "absent"); return }
            let report = try s.race([
                modeWriter(kernel),
                Race.Worker<any IOMMUFDFile>("cdev", answers: [.openCdev, .bindIOMMUFD, .closeCdev]) { turn in
                    let iommufd = turn.input
                    guard let device = turn.open(.openCdev, { try kernel.openCdev(node) }) else { return }
                    turn.call(.bindIOMMUFD) { _ = try device.bind(to: iommufd) }
                    turn.close(.closeCdev, device, in: kernel)
                },
            ], prepare: { _ in kernel.roundIOMMUFD() }, verdict: { _, _, _ in
                kernel.unexpectedState { $0.entry == "noiommu-vfioN" ? nil : "vfio-dev entry \($0.entry) after the round" }
            }, release: { try? kernel.close($0) })
            try s.checkAnswers(report)
            try s.checkRounds("still a noiommu cdev after every round", report)
            try s.setMode(true)
            try s.checkCleanUnbind()
        },
        Setups.cdevAttached(.noiommu).test("race/noiommu-cdev-toggle-vs-get-pa", "the noiommu mode flipped while another thread asks the PA query",
                                         detail: "Maps a page into the IOAS the noiommu cdev is attached to; one thread writes enable_unsafe_noiommu_mode (on or off, by the seed) while the other asks IOMMU_IOAS_NOIOMMU_GET_PA for the mapped IOVA. The query checks CAP_SYS_RAWIO and the IOAS's storage domain, never the parameter: every answer is the PA /proc/self/pagemap gives. Afterwards, with the mode on, unmap takes the page.") { s, cdev throws(ScenarioStop) in
            guard let command = s.getPACommand else { try s.skip("the tree's include/uapi/linux/iommufd.h has no noiommu PA query") }
            let kernel = s.kernel
            let (_, iommufd, ioas) = cdev
            let buffer = try s.must("allocate a page") { try PinnedBuffer(pages: 1) }
            let length = UInt64(buffer.length)
            try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: CdevScenarios.iova) })
            guard let phys = try s.must("read /proc/self/pagemap", { try buffer.physicalAddresses() })[0] else {
                try s.require("page present in pagemap", "absent"); return
            }
            let report = try s.race([
                modeWriter(kernel),
                Race.Worker<Void>("query", answers: [.paQuery]) { turn in
                    turn.answer(.paQuery, Observation.word {
                        let answer = try iommufd.physicalAddress(command: command, ioas: ioas, iova: CdevScenarios.iova, length: length)
                        return answer.phys == phys ? "pagemap's" : "phys " + hex(answer.phys)
                    })
                },
            ], prepare: { _ in .success(()) })
            try s.checkAnswers(report)
            try s.setMode(true)
            try s.check("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: CdevScenarios.iova, length: length) == length ? "all" : "part" })
            withExtendedLifetime(buffer) {}
        },
    ]

    /// BIND_IOMMUFD on the device's cdev against an open of its group, for
    /// a device behind the vIOMMU and a noiommu device with the series.
    static func bindVersusGroupOpen(_ kind: CdevDevice) -> Scenario {
        typealias Files = (device: any DeviceFile, iommufd: any IOMMUFDFile, node: String)
        return Setups.cdevBound(kind).test("race/\(kind.family)-bind-vs-group-open", "BIND_IOMMUFD on the cdev racing an open of the group",
                               detail: "Each round opens \(kind.noun)'s cdev and a new iommufd; then one thread binds the cdev while the other opens the group. vfio_device_block_group and vfio_group_fops_open exclude each other under group_lock: every answer is ok or EBUSY and in every round exactly one of the two wins. Afterwards the group opens again and the device unbinds cleanly.",
                               needs: [.feature(.group), .feature(.iommufd)]) { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            let report = try s.race([
                Race.Worker<Files>("bind", answers: [.bindIOMMUFD]) { turn in
                    let (device, iommufd) = (turn.input.device, turn.input.iommufd)
                    turn.call(.bindIOMMUFD) { _ = try device.bind(to: iommufd) }
                },
                Race.Worker<Files>("group", answers: [.openGroup]) { turn in
                    let node = turn.input.node
                    _ = turn.open(.openGroup) { try kernel.openGroup(node) }
                },
            ], prepare: { _ in kernel.cdevAndIOMMUFD() }, verdict: { _, _, turns in
                exactlyOne(turns, won: { $0.answered(.bindIOMMUFD) ?? $0.answered(.openGroup) == Observation.ok }, "of BIND_IOMMUFD and the group open")
                    ?? kernel.unexpectedState()
            }, release: { files in
                try? kernel.close(files.device)
                try? kernel.close(files.iommufd)
            })
            try s.checkAnswers(report)
            try s.checkRounds("exactly one of bind and open won every round", report)
            let group = try s.openGroup("open group after the race")
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        }
    }

    /// Point (b)'s other thread: writes enable_unsafe_noiommu_mode, on or off by the seed.
    static func modeWriter<Input>(_ kernel: CellKernel) -> Race.Worker<Input> {
        Race.Worker("mode", answers: [.noiommuWrite]) { turn in
            let on = turn.coin()
            turn.call(.noiommuWrite) { try kernel.setMode(on) }
        }
    }

    /// What a worker records of GET_STATUS: "viable", "not viable" or the errno name.
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
}

/// What the race workers answer on, each checked as "answers to <name>".
extension RaceChannel {
    static let noiommuWrite = RaceChannel("noiommu write")
    static let bind = RaceChannel("bind")
    static let groupNodeAfterBind = RaceChannel("group node after bind")
    static let unbind = RaceChannel("unbind")
    static let openGroup = RaceChannel("open group")
    static let getStatus = RaceChannel("GET_STATUS")
    static let closeGroup = RaceChannel("close group")
    static let closeDevice = RaceChannel("close device")
    static let rmmodVFIOPCI = RaceChannel("rmmod vfio_pci")
    static let getDeviceFD = RaceChannel("GET_DEVICE_FD")
    static let attach = RaceChannel("ATTACH_IOMMUFD_PT")
    static let detach = RaceChannel("DETACH_IOMMUFD_PT")
    static let openCdev = RaceChannel("open cdev")
    static let bindIOMMUFD = RaceChannel("BIND_IOMMUFD")
    static let closeCdev = RaceChannel("close cdev")
    static let paQuery = RaceChannel("PA query")
}
