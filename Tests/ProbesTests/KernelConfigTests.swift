import Foundation
import Testing
@testable import Probes

@Suite struct KernelConfigTests {
    let release = "6.12.117-vfio-conformance"

    @Test func parsesValuesAndNotSetLines() {
        let config = KernelConfig(text: """
            #
            # Automatically generated file; DO NOT EDIT.
            #
            CONFIG_VFIO=m
            CONFIG_VFIO_GROUP=y
            # CONFIG_VFIO_CONTAINER is not set
            CONFIG_LOG_BUF_SHIFT=17
            CONFIG_LOCALVERSION="-vfio \\"conformance\\""
            CONFIG_FORCED_OFF=n
            # CONFIG_NOT_A_MARKER is set to something
            NOT_CONFIG=y
            """)
        #expect(config.value("CONFIG_VFIO") == "m")
        #expect(config.value("VFIO_GROUP") == "y")
        #expect(config.value("VFIO_CONTAINER") == "n")
        #expect(config.value("CONFIG_LOG_BUF_SHIFT") == "17")
        #expect(config.value("LOCALVERSION") == "-vfio \"conformance\"")
        #expect(config.value("FORCED_OFF") == "n")
        #expect(config.value("NOT_A_MARKER") == nil)
        #expect(config.value("IOMMUFD") == nil)
        #expect(config.options.count == 6)
        #expect(config.options["NOT_CONFIG"] == nil)
    }

    @Test func enabledMeansBuiltInOrModule() {
        let config = KernelConfig(text: "CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n")
        #expect(config.isEnabled("A"))
        #expect(config.isEnabled("CONFIG_B"))
        #expect(!config.isEnabled("C"))
        #expect(!config.isEnabled("MISSING"))
    }

    @Test func loadsProcConfigGzFirst() throws {
        let config = try KernelConfig.load(procRoot: Fixture.path("config/proc"),
                                           bootRoot: Fixture.path("config/boot"), release: release)
        #expect(config == KernelConfig(text: try Fixture.text("config/iommufd-compat.config")))
    }

    @Test func fallsBackToBootConfig() throws {
        let config = try KernelConfig.load(procRoot: Fixture.path("config/absent"),
                                           bootRoot: Fixture.path("config/boot"), release: release)
        #expect(config == KernelConfig(text: try Fixture.text("config/legacy.config")))
    }

    @Test func readsAGzipWrittenNow() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        gzip.arguments = ["-c", Fixture.path("config/cdev-only.config")]
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("config.gz").path, contents: nil)
        gzip.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent("config.gz"))
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let config = try KernelConfig.load(procRoot: directory.path, bootRoot: "/nonexistent", release: release)
        #expect(config.value("VFIO_GROUP") == "n")
    }

    @Test func noConfigNamesBothPathsAndTheFix() {
        let proc = Fixture.path("config/absent")
        let boot = Fixture.path("config/absent-too")
        #expect(throws: ProbeError.noConfig(tried: [proc + "/config.gz", boot + "/config-" + release])) {
            try KernelConfig.load(procRoot: proc, bootRoot: boot, release: release)
        }
        let text = ProbeError.noConfig(tried: [proc + "/config.gz", boot + "/config-" + release]).description
        #expect(text.contains(proc + "/config.gz"))
        #expect(text.contains(boot + "/config-" + release))
        #expect(text.contains("CONFIG_IKCONFIG_PROC"))
    }

    @Test func anUnreadableBootConfigIsNotMistakenForAMissingOne() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config-" + release)
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
        #expect(throws: ProbeError.unreadable(path: path.path, errno: .isDirectory)) {
            try KernelConfig.load(procRoot: directory.path, bootRoot: directory.path, release: release)
        }
    }
}
