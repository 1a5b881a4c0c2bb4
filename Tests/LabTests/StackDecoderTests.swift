import Glibc
import Testing
@testable import Lab
@testable import Results

/// Decoding frames on the host: reading decode_stacktrace.sh's answers, and
/// saying why when a build cannot be decoded.
@Suite struct StackDecoderTests {
    static let tree = "/cache/source/linux-source-6.12"

    @Test func answersAreReadInOrderAndWarningsAreProblems() {
        let frames = ["__vfio_register_dev+0x68/0x1e0 [vfio]", "vfs_write+0xb7/0x370", "lkdtm_do_action+0x10/0x20 [lkdtm]"]
        let output = """
        __vfio_register_dev (drivers/vfio/vfio_main.c:352) vfio
        WARNING! Cannot find .ko for module lkdtm, please pass a valid module path
        vfs_write (/cache/build/0e7f/../../source/linux-source-6.12/fs/read_write.c:681 (discriminator 1) fs/read_write.c:690)
        lkdtm_do_action+0x10/0x20 lkdtm
        """
        let (decoded, problems) = StackDecoder.parse(output, frames: frames, tree: Self.tree)
        #expect(decoded == [
            FrameLocation(frame: frames[0], location: "drivers/vfio/vfio_main.c:352"),
            FrameLocation(frame: frames[1], location: "fs/read_write.c:681 < fs/read_write.c:690"),
        ])
        #expect(problems == ["WARNING! Cannot find .ko for module lkdtm, please pass a valid module path"])
    }

    @Test func fileNamesAreMadeRelativeToTheTree() {
        #expect(StackDecoder.relative("/cache/source/linux-source-6.12/drivers/vfio/vfio_main.c:352", to: Self.tree)
                == "drivers/vfio/vfio_main.c:352")
        // ccache's base_dir rewrites paths relative to the build tree.
        #expect(StackDecoder.relative("../../source/linux-source-6.12/mm/memory.c:12", to: Self.tree) == "mm/memory.c:12")
        #expect(StackDecoder.relative("drivers/vfio/group.c:9", to: Self.tree) == "drivers/vfio/group.c:9")
        #expect(StackDecoder.location(in: "lkdtm_BUG (??:0) lkdtm", tree: Self.tree) == nil)
    }

    @Test func aBuildWithoutDebugInfoSaysSoInEveryReportWithFrames() throws {
        let directory = "/tmp/stack-decoder-tests-\(getpid())"
        try LabFile.makeDirectory(directory)
        defer { LabFile.remove(directory) }
        try LabFile.write("CONFIG_DEBUG_INFO_NONE=y\n", to: directory + "/config")
        let decoder = StackDecoder(artifacts: KernelArtifacts(variant: "legacy", directory: directory, release: "6.12.117-vfio-conformance",
                                                              kernel: "6.12.117", source: Self.tree))
        let oops = KernelReport(kind: .oops, headline: "BUG: kernel NULL pointer dereference, address: 00000000000002a0",
                                excerpt: ["BUG: kernel NULL pointer dereference, address: 00000000000002a0",
                                          "RIP: 0010:__vfio_register_dev+0x68/0x1e0 [vfio]"])
        let hung = KernelReport(kind: .hungTask, headline: "INFO: task init:36 blocked for more than 5 seconds.",
                                excerpt: ["INFO: task init:36 blocked for more than 5 seconds."])
        let cell = Cell(variant: "legacy", topology: .noiommu, scenario: "group/open-close", outcome: .crash,
                        evidence: Evidence(kernelReports: [oops, hung]))
        let reports = decoder.decode(cell).evidence.kernelReports
        #expect(reports[0].decoded == nil)
        #expect(reports[0].undecoded?.hasPrefix("variant legacy was built without debug info") == true)
        #expect(reports[0].summaryLines.last?.hasPrefix("frames not decoded: variant legacy was built without debug info") == true)
        // Nothing to decode, nothing said.
        #expect(reports[1] == hung)
    }

    @Test func debugInfoIsAskedForByTheDwarfChoiceAndGetsItsOwnBuildTree() throws {
        let variant = try VariantPlanTests.variant("legacy")
        let plain = VariantPlan(variant: variant, options: [("CONFIG_VFIO", "m")], notes: [], unavailable: nil)
        let debug = VariantPlan(variant: variant.withDebugInfo, options: [("CONFIG_VFIO", "m")] + Variant.debugInfoOptions,
                                notes: [], unavailable: nil)
        #expect(KernelBuilder.treeSuffix(plain) == "")
        #expect(KernelBuilder.treeSuffix(debug) == "-debuginfo")
        let checkers = VariantPlan(variant: variant, options: debug.options + [("CONFIG_KASAN_GENERIC", "y"), ("CONFIG_UBSAN_BOUNDS", "y"), ("CONFIG_KCOV", "n")],
                                   notes: [], unavailable: nil)
        #expect(KernelBuilder.treeSuffix(checkers) == "-debuginfo-kasan-ubsan")
        #expect(variant.withDebugInfo.extra.map(\.option) == ["CONFIG_DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT", "CONFIG_DEBUG_INFO_REDUCED"])
        #expect(variant.withDebugInfo.withDebugInfo.extra.count == 2)
    }

    /// A tree whose decode_stacktrace.sh places every frame but those of
    /// module lkdtm, with a build that has debug info.
    @Test func oneRunDecodesEveryReportOfACellAndSaysWhatItLeftOut() throws {
        let root = "/tmp/stack-decoder-run-\(getpid())"
        defer { LabFile.remove(root) }
        let tree = root + "/tree", build = root + "/artifacts"
        try LabFile.makeDirectory(tree + "/scripts")
        try LabFile.makeDirectory(build + "/debug/modroot")
        try LabFile.write("CONFIG_DEBUG_INFO=y\n", to: build + "/config")
        try LabFile.write("", to: build + "/debug/vmlinux")
        try LabFile.write("""
        [ "$1" = "\(build)/debug/vmlinux" ] && [ "$2" = "\(tree)" ] && [ "$3" = "\(build)/debug/modroot" ] || exit 9
        echo run >> "\(root)/runs"
        while read -r frame module; do
          name=${frame%%+*}
          case $module in
            "[lkdtm]") echo "WARNING! Cannot find .ko for module lkdtm, please pass a valid module path" >&2; echo "$frame $module" ;;
            *) echo "$name (\(tree)/src/$name.c:7) ${module//[][]/}" ;;
          esac
        done
        """, to: tree + "/scripts/decode_stacktrace.sh")
        let decoder = StackDecoder(artifacts: KernelArtifacts(variant: "legacy", directory: build, release: "r", kernel: "6.12.117", source: tree))
        #expect(decoder.unavailable == nil)
        let oops = KernelReport(kind: .oops, headline: "BUG: kernel NULL pointer dereference, address: 0000000000000040", excerpt: [
            "BUG: kernel NULL pointer dereference, address: 0000000000000040", "RIP: 0010:iommu_group_ref_get+0x4/0x20",
            "Call Trace:", " <TASK>", " __vfio_register_dev+0x68/0x1e0 [vfio]", " ? lkdtm_do_action+0x10/0x20 [lkdtm]", " </TASK>",
        ])
        let hung = KernelReport(kind: .hungTask, headline: "INFO: task init:36 blocked for more than 5 seconds.", excerpt: [
            "INFO: task init:36 blocked for more than 5 seconds.", "Call Trace:", " __vfio_register_dev+0x68/0x1e0 [vfio]",
        ])
        let cell = Cell(variant: "legacy", topology: .noiommu, scenario: "toggle/after-bind", outcome: .crash,
                        evidence: Evidence(kernelReports: [oops, hung]))
        let reports = decoder.decode(cell).evidence.kernelReports
        #expect(try LabFile.read(root + "/runs") == "run\n")
        #expect(reports[0].location(of: "iommu_group_ref_get+0x4/0x20") == "src/iommu_group_ref_get.c:7")
        #expect(reports[0].location(of: "? lkdtm_do_action+0x10/0x20 [lkdtm]") == nil)
        #expect(reports[0].undecoded == "1 of 3 frames not placed by scripts/decode_stacktrace.sh: WARNING! Cannot find .ko for module lkdtm, please pass a valid module path")
        #expect(reports[1].decoded == [FrameLocation(frame: "__vfio_register_dev+0x68/0x1e0 [vfio]", location: "src/__vfio_register_dev.c:7")])
        #expect(reports[1].undecoded == nil)
        #expect(reports[1].summaryLines.last == " __vfio_register_dev+0x68/0x1e0 [vfio] src/__vfio_register_dev.c:7")

        // A script that fails is reported in the evidence, not thrown.
        try LabFile.write("echo 'ERROR! vmlinux image must be specified' >&2; exit 1\n", to: tree + "/scripts/decode_stacktrace.sh")
        let failed = decoder.decode(cell).evidence.kernelReports
        #expect(failed[0].undecoded == "scripts/decode_stacktrace.sh failed with status 1: ERROR! vmlinux image must be specified")
        #expect(failed[0].summaryLines.last == "frames not decoded: scripts/decode_stacktrace.sh failed with status 1: ERROR! vmlinux image must be specified")
    }
}
