import SystemPackage
import Testing
import VFIO

@Suite struct ErrnoKernelNameTests {
    @Test(arguments: [
        (Errno.notPermitted, "EPERM"),
        (Errno.noSuchFileOrDirectory, "ENOENT"),
        (Errno.inappropriateIOCTLForDevice, "ENOTTY"),
        (Errno.resourceBusy, "EBUSY"),
        (Errno.operationNotSupportedByDevice, "ENODEV"),
        (Errno.invalidArgument, "EINVAL"),
        (Errno.permissionDenied, "EACCES"),
        (Errno.noSuchAddressOrDevice, "ENXIO"),
        (Errno.notSupported, "EOPNOTSUPP"),
        (Errno.wouldBlock, "EAGAIN"),
    ])
    func namesCommonErrors(errno: Errno, name: String) {
        #expect(errno.kernelName == name)
    }

    @Test func namesKernelInternalCodesThatLeak() {
        #expect(Errno(rawValue: 524).kernelName == "ENOTSUPP")
        #expect(Errno(rawValue: 515).kernelName == "ENOIOCTLCMD")
    }

    @Test func fallsBackToTheNumber() {
        #expect(Errno(rawValue: 4095).kernelName == "errno 4095")
    }
}
