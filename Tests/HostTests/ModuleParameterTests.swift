import Foundation
import Testing
import Host

@Suite struct ModuleParameterTests {
    @Test func noiommuIsVfiosParameter() {
        let parameter = ModuleParameter.noiommu(root: SystemRoot("/r"))
        #expect(parameter.module == "vfio" && parameter.name == "enable_unsafe_noiommu_mode")
        #expect(parameter.path == "/r/sys/module/vfio/parameters/enable_unsafe_noiommu_mode")
    }

    @Test func readsAndWritesTheFile() throws {
        try SysfsFixture.withCopy("qemu-noiommu") { root in
            let parameter = ModuleParameter.noiommu(root: root)
            #expect(try parameter.read() == "N")
            try parameter.write("Y")
            #expect(try parameter.read() == "Y")
        }
    }

    @Test func missingModuleKeepsEnoent() {
        let parameter = ModuleParameter(module: "vfio_pci", name: "nointxmask", root: SysfsFixture.root("qemu-noiommu"))
        #expect(throws: HostError.read(path: parameter.path, errno: .noSuchFileOrDirectory)) { try parameter.read() }
        #expect(throws: HostError.write(path: parameter.path, value: "1", errno: .noSuchFileOrDirectory)) { try parameter.write("1") }
    }
}
