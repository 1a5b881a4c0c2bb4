import ArgumentParser
import Host
import Results
import SystemPackage
import VFIO

/// The child the CAP_SYS_RAWIO scenarios start (`GuestProtocol.openUnprivileged`):
/// drops the capability, opens the node, prints "ok" or the errno name.
struct OpenUnprivilegedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: GuestProtocol.openUnprivilegedVerb, shouldDisplay: false)

    @Argument var path: String

    func run() throws {
        try Privilege.dropCapability(Privilege.capSysRawIO)
        do {
            try FileDescriptor.open(FilePath(path), .readWrite).close()
            print("ok")
        } catch let error as Errno {
            print(error.kernelName)
        }
    }
}
