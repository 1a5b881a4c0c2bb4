import Testing
@testable import VFIO

/// The kernel's _IOC encoding (asm-generic/ioctl.h), written out here so the
/// constants are checked against the formula rather than against themselves.
private func ioc(direction: UInt = 0, type: Character, number: UInt, size: UInt = 0) -> UInt {
    direction << 30 | size << 16 | UInt(type.asciiValue!) << 8 | number
}

/// VFIO_TYPE and VFIO_BASE from vfio.h; IOMMUFD_CMD_BASE from iommufd.h.
private func vfio(_ n: UInt) -> UInt { ioc(type: ";", number: 100 + n) }
private func iommufd(_ n: UInt) -> UInt { ioc(type: ";", number: 0x80 + n) }

@Suite struct VFIORequestTests {
    @Test(arguments: [
        (VFIORequest.getAPIVersion, vfio(0)),
        (VFIORequest.checkExtension, vfio(1)),
        (VFIORequest.setIOMMU, vfio(2)),
        (VFIORequest.groupGetStatus, vfio(3)),
        (VFIORequest.groupSetContainer, vfio(4)),
        (VFIORequest.groupUnsetContainer, vfio(5)),
        (VFIORequest.groupGetDeviceFD, vfio(6)),
        (VFIORequest.deviceGetInfo, vfio(7)),
        (VFIORequest.deviceReset, vfio(11)),
        (VFIORequest.deviceBindIOMMUFD, vfio(18)),
        (VFIORequest.deviceAttachIOMMUFDPT, vfio(19)),
        (VFIORequest.deviceDetachIOMMUFDPT, vfio(20)),
        (VFIORequest.iommuDestroy, iommufd(0)),
        (VFIORequest.iommuIOASAlloc, iommufd(1)),
    ])
    func matchesTheUapiEncoding(constant: UInt, expected: UInt) {
        #expect(constant == expected)
    }

    @Test func encodesLikeTheDesignNotes() {
        #expect(vfio(0) == 0x3B64)
        #expect(iommufd(1) == 0x3B81)
    }
}
