import Host
import Kmod
import SystemPackage
import Testing
@testable import Engine

/// Results documents compare these strings across runs and kernels, so
/// every layer's error must spell the kernel's errno the same way.
@Suite struct ObservationTests {
    @Test func everyLayersErrnoReadsAsItsKernelName() {
        #expect(Observation.of(Errno.resourceBusy) == "EBUSY")
        #expect(Observation.of(HostError.write(path: "/sys/x", value: "1", errno: .invalidArgument)) == "EINVAL")
        #expect(Observation.of(KmodError.remove(name: "vfio", errno: .resourceTemporarilyUnavailable, reason: "")) == "EAGAIN")
        #expect(Observation.errno(of: HostError.read(path: "/sys/x", errno: .notPermitted)) == 1)
    }

    @Test func anErrorWithoutAnErrnoReadsAsItsMessage() {
        #expect(Observation.of(HostError.notBound(address: "0000:00:04.0")) == "not bound")
        let timeout = HostError.timedOut(operation: "unbind", seconds: 10)
        #expect(Observation.of(timeout) == timeout.description)
        #expect(Observation.errno(of: timeout) == nil)
        #expect(Observation.answer {} == "ok")
        #expect(Observation.number("ENOTTY") == 25 && Observation.number("blocked") == nil)
    }
}
