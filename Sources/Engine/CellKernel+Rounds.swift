/// What a race's rounds start from and are judged by, made with the same
/// operations as the cell's steps.
extension CellKernel {
    /// A round's invariant: the device ended it unbound, and its state is as the rows allow (`RoundState`).
    var leftBound: String? { unexpectedState { $0.driver.map { "still bound to \($0) after the round" } } }

    /// What of the state a round left the rows do not allow, nil if
    /// nothing, read once: `first` says what the scenario itself requires
    /// of it before the rows are asked.
    func unexpectedState(_ first: (RoundState) -> String? = { _ in nil }) -> String? {
        let state = roundState
        return first(state) ?? unexpected(in: state)
    }

    /// A round's start: the device bound to vfio-pci; its group node.
    func boundGroupNode() -> Result<String, RaceBreak> {
        if driver != "vfio-pci" {
            do { try bind() } catch { return .failure(RaceBreak("the round's bind answered \(Observation.of(error))")) }
        }
        guard let node = groupNode else { return .failure(RaceBreak("no group node after bind")) }
        return .success(node)
    }

    /// A round's start after an rmmod: vfio-pci loaded and the device bound.
    func loadedAndBound() -> Result<String, RaceBreak> {
        do { try load("vfio-pci") } catch {
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

    /// The group opened into a container as the cell's steps do it
    /// (`KernelSteps.attach`); the device fd too unless `device` is false.
    func openPath(_ node: String, device withDevice: Bool = true) -> Result<Path, RaceBreak> {
        let steps = RoundStart(self)
        do {
            let group = try steps.openGroup(at: node)
            let container = try steps.attach(group)
            return .success(Path(group: group, container: container, device: withDevice ? try steps.device(from: group) : nil))
        } catch {
            return .failure(error)
        }
    }

    /// A round's start: a new iommufd.
    func roundIOMMUFD() -> Result<any IOMMUFDFile, RaceBreak> {
        do { return .success(try openIOMMUFD()) } catch {
            return .failure(RaceBreak("the round's open of /dev/iommu answered \(Observation.of(error))"))
        }
    }

    /// A round's start for the cdev race: the cdev and a new iommufd open,
    /// and the group node to open against them.
    func cdevAndIOMMUFD() -> Result<(device: any DeviceFile, iommufd: any IOMMUFDFile, node: String), RaceBreak> {
        guard let cdev = cdevNode else { return .failure(RaceBreak("no cdev node")) }
        guard let node = groupNode else { return .failure(RaceBreak("no group node")) }
        let device: any DeviceFile
        do { device = try openCdev(cdev) } catch { return .failure(RaceBreak("the round's open of \(cdev) answered \(Observation.of(error))")) }
        do {
            return .success((device, try openIOMMUFD(), node))
        } catch {
            try? close(device)
            return .failure(RaceBreak("the round's open of /dev/iommu answered \(Observation.of(error))"))
        }
    }
}
