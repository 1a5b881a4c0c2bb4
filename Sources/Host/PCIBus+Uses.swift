
extension PCIBus {
    /// What this machine uses the device for: block devices on it (or
    /// stacked on them: LVM, dm-crypt, md) that are mounted or swap, network
    /// interfaces on it that are up, and active consoles it provides. The
    /// class directories link every block device, interface and tty into the
    /// device tree, so whatever resolves under the device's directory is the
    /// device's, however deep (virtio0/block/vda, nvme/nvme0/nvme0n1, ...).
    public func uses(of address: PCIAddress) throws(HostError) -> [DeviceUse] {
        guard let directory = SysFile.resolved(path(address)) else {
            throw .read(path: path(address), errno: .noSuchFileOrDirectory)
        }
        let owns = { (entry: String) in SysFile.resolved(entry)?.hasPrefix(directory + "/") ?? false }
        return try blockUses(owns) + interfaceUses(owns) + consoleUses(directory, owns)
    }

    private func blockUses(_ owns: (String) -> Bool) throws(HostError) -> [DeviceUse] {
        let blocks = root.sys("class/block")
        let own = SysFile.list(blocks).filter { owns(blocks + "/" + $0) }
        guard !own.isEmpty else { return [] }
        let table = try MountTable(root: root)
        var pending = own.map { (name: $0, label: $0) }
        var seen = Set(own)
        var uses: [DeviceUse] = []
        var next = 0
        while next < pending.count {
            let (name, label) = pending[next]
            next += 1
            let number = try? SysFile.read(blocks + "/\(name)/dev")
            if let mountPoint = table.mountPoint(of: name, number: number) {
                uses.append(.mounted(block: label, mountPoint: mountPoint))
            }
            if let file = table.swapFile(of: name) { uses.append(.swap(block: label, file: file)) }
            // A filesystem on LVM or dm-crypt is mounted from the holder, not from the disk.
            for holder in SysFile.list(blocks + "/\(name)/holders") where seen.insert(holder).inserted {
                pending.append((holder, "\(holder) on \(label)"))
            }
        }
        return uses
    }

    /// Up by operstate, or by IFF_UP (0x1) in flags: an interface without
    /// carrier detection reports operstate "unknown" while configured and in
    /// use. Unreadable flags count as up, so doubt refuses.
    private func interfaceUses(_ owns: (String) -> Bool) -> [DeviceUse] {
        let net = root.sys("class/net")
        return SysFile.list(net).filter { owns(net + "/" + $0) }.filter { name in
            let flags = (try? SysFile.read(net + "/\(name)/flags")).flatMap { Hex.parse($0, maxDigits: 8, as: UInt32.self) }
            return (try? SysFile.read(net + "/\(name)/operstate")) == "up" || (flags.map { $0 & 0x1 != 0 } ?? true)
        }.map(DeviceUse.interfaceUp)
    }

    /// The consoles in /sys/class/tty/console/active this device provides.
    /// A serial port's tty links under its device; the virtual terminals
    /// (tty0) and hvc consoles are virtual ttys, so their provider is found
    /// by what it is: the boot VGA or a framebuffer for the VTs, a virtio
    /// console device for hvc.
    private func consoleUses(_ directory: String, _ owns: (String) -> Bool) -> [DeviceUse] {
        let tty = root.sys("class/tty")
        let active = ((try? SysFile.read(tty + "/console/active")) ?? "").split(separator: " ").map(String.init)
        return active.filter { name in
            let number = name.dropFirst(3)
            if name.hasPrefix("tty") && !number.isEmpty && number.allSatisfy(\.isNumber) {
                let graphics = root.sys("class/graphics")
                return (try? SysFile.read(directory + "/boot_vga")) == "1"
                    || SysFile.list(graphics).contains { owns(graphics + "/" + $0) }
            }
            if name.hasPrefix("hvc") {
                return SysFile.list(directory).contains { child in
                    child.hasPrefix("virtio") && SysFile.linkName(directory + "/\(child)/driver") == "virtio_console"
                }
            }
            return owns(tty + "/" + name)
        }.map(DeviceUse.console)
    }
}
