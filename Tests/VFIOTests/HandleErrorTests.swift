import Foundation
import SystemPackage
import Testing
import VFIO

/// Failures must reach the caller as the kernel's Errno. A regular file stands
/// in for a VFIO node: the VFS answers every ioctl on it with ENOTTY, the same
/// answer a kernel without the feature gives.
@Suite struct HandleErrorTests {
    @Test func openingAMissingNodeKeepsENOENT() {
        let missing: FilePath = "/nonexistent/vfio-conformance/vfio0"
        #expect(throws: Errno.noSuchFileOrDirectory) { try Device.open(missing) }
        #expect(throws: Errno.noSuchFileOrDirectory) { try Group.open(missing) }
        #expect(throws: Errno.noSuchFileOrDirectory) { try Container.open(missing) }
        #expect(throws: Errno.noSuchFileOrDirectory) { try IOMMUFD.open(missing) }
    }

    @Test func ioctlOnARegularFileKeepsENOTTY() throws {
        try withTemporaryFile { path in
            let device = try Device.open(path)
            defer { try? device.close() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try device.info() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try device.reset() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try device.attach(pageTable: 1) }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try device.detachPageTable() }

            let group = Group(fd: device.fd)
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try group.status() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try group.device(named: "0000:00:03.0") }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try group.unsetContainer() }

            let container = Container(fd: device.fd)
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try container.apiVersion() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try container.checkExtension(.noiommu) }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try group.setContainer(container) }

            let iommufd = IOMMUFD(fd: device.fd)
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try iommufd.allocateIOAS() }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try iommufd.destroy(1) }
            #expect(throws: Errno.inappropriateIOCTLForDevice) { try device.bind(to: iommufd) }
        }
    }

    @Test func closingAnInvalidDescriptorKeepsEBADF() {
        // -1 rather than closing a real fd twice: tests run in parallel and
        // a freed number may already belong to another test.
        #expect(throws: Errno.badFileDescriptor) { try Device(fd: FileDescriptor(rawValue: -1)).close() }
    }

    @Test func opensCloseOnExec() throws {
        try withTemporaryFile { path in
            let device = try Device.open(path)
            defer { try? device.close() }
            #expect(fcntl(device.fd.rawValue, F_GETFD) & FD_CLOEXEC != 0)
        }
    }

    private func withTemporaryFile(_ body: (FilePath) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("vfio-conformance-\(UUID().uuidString)")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(FilePath(url.path))
    }
}
