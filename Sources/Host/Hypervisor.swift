/// Whether this machine is a VM and which, from what the guest can see.
public enum Hypervisor {
    /// DMI sys_vendor (and product_name where the vendor alone is ambiguous,
    /// or absent: KVM hosts brand the vendor) of the common hypervisors, and
    /// the name reported for each.
    private static let signatures: [(vendor: String, product: String?, name: String)] = [
        ("QEMU", nil, "QEMU"),
        ("", "KVM", "KVM"),
        ("VMware", nil, "VMware"),
        ("Xen", nil, "Xen"),
        ("Microsoft Corporation", "Virtual Machine", "Microsoft Hyper-V"),
        ("innotek GmbH", nil, "VirtualBox"),
        ("Amazon EC2", nil, "Amazon EC2"),
        ("Google", "Google Compute Engine", "Google Compute Engine"),
        ("Parallels", nil, "Parallels"),
        ("BHYVE", nil, "bhyve"),
        ("Bochs", nil, "Bochs"),
    ]

    /// The hypervisor's name, "unidentified hypervisor" when the CPU flags
    /// say virtual but DMI does not say whose, nil on bare metal.
    public static func detect(root: SystemRoot = SystemRoot()) -> String? {
        let vendor = (try? SysFile.read(root.sys("class/dmi/id/sys_vendor"))) ?? ""
        let product = (try? SysFile.read(root.sys("class/dmi/id/product_name"))) ?? ""
        let flagged = hasHypervisorFlag(root: root)
        // EC2 metal instances carry the same vendor but run on bare metal.
        let metal = product.hasSuffix(".metal") && !flagged
        if !metal, let match = signatures.first(where: { signature in
            (signature.vendor.isEmpty || vendor.contains(signature.vendor))
                && (signature.product.map { product.contains($0) } ?? true)
        }) {
            return match.name
        }
        // Xen PV guests have no DMI but announce themselves here.
        if (try? SysFile.read(root.sys("hypervisor/type"))) == "xen" { return "Xen" }
        return flagged ? "unidentified hypervisor" : nil
    }

    /// x86 sets the "hypervisor" CPUID bit in every guest.
    private static func hasHypervisorFlag(root: SystemRoot) -> Bool {
        guard let cpuinfo = try? SysFile.read(root.proc("cpuinfo")) else { return false }
        return cpuinfo.split(separator: "\n").contains { line in
            line.hasPrefix("flags") && line.split(separator: " ").contains("hypervisor")
        }
    }
}
