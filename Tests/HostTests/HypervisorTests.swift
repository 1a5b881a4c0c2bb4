import Foundation
import Testing
import Host

@Suite struct HypervisorTests {
    @Test func fixtures() {
        #expect(Hypervisor.detect(root: SysfsFixture.root("qemu-noiommu")) == "QEMU")
        #expect(Hypervisor.detect(root: SysfsFixture.root("bare-metal")) == nil)
    }

    /// What `detect` says about a machine with this DMI, CPU flag and Xen
    /// sysfs entry, built in a temporary tree.
    static func detect(vendor: String?, product: String?, flagged: Bool, xen: Bool = false) throws -> String? {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hv-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dmi = root + "/sys/class/dmi/id"
        try FileManager.default.createDirectory(atPath: dmi, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/proc", withIntermediateDirectories: true)
        if let vendor { try (vendor + "\n").write(toFile: dmi + "/sys_vendor", atomically: true, encoding: .utf8) }
        if let product { try (product + "\n").write(toFile: dmi + "/product_name", atomically: true, encoding: .utf8) }
        let flags = "flags\t\t: fpu vme sse2" + (flagged ? " hypervisor" : "") + " lahf_lm\n"
        try ("processor\t: 0\n" + flags).write(toFile: root + "/proc/cpuinfo", atomically: true, encoding: .utf8)
        if xen {
            try FileManager.default.createDirectory(atPath: root + "/sys/hypervisor", withIntermediateDirectories: true)
            try "xen\n".write(toFile: root + "/sys/hypervisor/type", atomically: true, encoding: .utf8)
        }
        return Hypervisor.detect(root: SystemRoot(root))
    }

    @Test(arguments: [
        ("VMware, Inc.", "VMware Virtual Platform", true, "VMware"),
        ("Microsoft Corporation", "Virtual Machine", true, "Microsoft Hyper-V"),
        ("Microsoft Corporation", "Surface Laptop 5", false, nil),
        ("innotek GmbH", "VirtualBox", true, "VirtualBox"),
        ("Xen", "HVM domU", true, "Xen"),
        ("Amazon EC2", "m5.large", true, "Amazon EC2"),
        ("Amazon EC2", "m5.metal", false, nil),
        ("Red Hat", "KVM", true, "KVM"),
        ("Google", "Google Compute Engine", true, "Google Compute Engine"),
        ("Firecracker-ish", "", true, "unidentified hypervisor"),
    ] as [(String, String, Bool, String?)])
    func namesTheHypervisorFromDMI(vendor: String, product: String, flagged: Bool, expected: String?) throws {
        #expect(try Self.detect(vendor: vendor, product: product, flagged: flagged) == expected)
    }

    @Test func flagWithoutDMIOrXenPV() throws {
        #expect(try Self.detect(vendor: nil, product: nil, flagged: true) == "unidentified hypervisor")
        #expect(try Self.detect(vendor: nil, product: nil, flagged: false, xen: true) == "Xen")
        #expect(try Self.detect(vendor: nil, product: nil, flagged: false) == nil)
    }
}
