import Foundation
import Testing
@testable import Lab
@testable import Probes
import Results

@Suite struct VariantTests {
    static let variants = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/variants").path

    @Test func unknownVariantsListTheKnownOnes() {
        #expect(throws: LabError.self) { try Variant.load(["legacyy"], from: Self.variants) }
    }

    @Test func shardsAreParsedStrictly() throws {
        #expect(try LabOptions.parseShard("2/3") == (2, 3))
        for bad in ["0/3", "4/3", "x", "1/0", "1/2/3"] {
            #expect(throws: LabError.badShard(bad)) { try LabOptions.parseShard(bad) }
        }
    }
}

@Suite struct PatchSeriesTests {
    let patch = """
        --- a/drivers/vfio/group.c
        +++ b/drivers/vfio/group.c
        @@ -1 +1 @@
        -a
        +b
        """

    @Test func anMboxSplitsIntoItsMessages() {
        let mbox = "From 1234abcd Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/2] one\n\n\(patch)\n"
            + "From 5678abcd Mon Sep 17 00:00:00 2001\nSubject: [PATCH 2/2] two\n\n\(patch)\n"
        let patches = PatchSeries.split(mbox, name: "series.mbox")
        #expect(patches.map(\.name) == ["series.mbox#1", "series.mbox#2"])
    }

    @Test func aFileWithoutADiffIsRefusedBeforeAnyStep() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notes-\(UUID().uuidString).txt").path
        try "a note, no diff\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LabError.badPatches("--patches \(path): no diff in it (no `+++ ` line): give a patch, an mbox of patches or a directory of them")) {
            try PatchSeries.load(path)
        }
    }

    /// The fixture series is `git format-patch` output, as a reviewer saves it from the list.
    @Test func aSeriesStepsThroughItsPatchesBySubject() throws {
        let mbox = URL(fileURLWithPath: VariantTests.variants).deletingLastPathComponent().appendingPathComponent("patches/taint-series.mbox").path
        let series = try PatchSeries.load(mbox)
        #expect(series.patches.map(\.subject) == [
            "vfio: say when the noiommu taint is added",
            "vfio: defer the noiommu taint to the first device open",
            "vfio/pci: note the driver's registration at debug level",
        ])
        #expect(series.steps(eachPatch: true).map(\.index) == [0, 1, 2, 3])
        #expect(series.steps(eachPatch: true)[0] == .base)
        #expect(series.steps(eachPatch: false) == [PatchStep(index: 3, subject: "vfio/pci: note the driver's registration at debug level")])
        #expect(PatchSeries(patches: []).steps(eachPatch: false) == [.base])
        #expect(series.prefix(2).names == ["taint-series.mbox#1", "taint-series.mbox#2"])
    }

    @Test func aFoldedSubjectIsUnfoldedAndEveryPrefixDropped() {
        let text = "From: A <a@example.org>\nSubject: [RFC PATCH v4 03/10] vfio/noiommu: a subject\n that folds\n\n\(patch)\n"
        #expect(PatchSeries.Patch(name: "p", text: text).subject == "vfio/noiommu: a subject that folds")
        // A bare diff has no header: its file name stands for the subject.
        #expect(PatchSeries.Patch(name: "fix.diff", text: patch).subject == "fix.diff")
    }

    @Test func aPlainPatchStaysWhole() {
        #expect(PatchSeries.split("Mutant: x\n---\n" + patch, name: "m.patch").map(\.name) == ["m.patch"])
    }

    @Test func aPatchThatDoesNotApplyIsNamedAndTheTreeStaysClean() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("patch-\(UUID())")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("drivers/vfio"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tree) }
        try "a\n".write(to: tree.appendingPathComponent("drivers/vfio/group.c"), atomically: true, encoding: .utf8)
        let good = PatchSeries.Patch(name: "good.patch", text: patch + "\n")
        let bad = PatchSeries.Patch(name: "bad.patch", text: patch.replacingOccurrences(of: "-a", with: "-zzz") + "\n")
        let journal = tree.appendingPathComponent("journal").path
        #expect(throws: LabError.self) { try PatchSeries(patches: [good, bad]).apply(to: tree.path, journal: journal) }
        #expect(try String(contentsOf: tree.appendingPathComponent("drivers/vfio/group.c"), encoding: .utf8) == "a\n")
        #expect(try PatchSeries.recover(tree: tree.path, journal: journal).isEmpty)
        let temporary = Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp"))
        try PatchSeries(patches: [good]).apply(to: tree.path, journal: journal)
        #expect(try String(contentsOf: tree.appendingPathComponent("drivers/vfio/group.c"), encoding: .utf8) == "b\n")
        // The patch text is read from the journal: nothing is left in /tmp.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp")).subtracting(temporary).filter { $0.hasPrefix("vfio-conformance-") }.isEmpty)
        // A run killed here leaves the journal; the next run reverts it.
        #expect(try PatchSeries.recover(tree: tree.path, journal: journal) == ["reverted 1000.patch"])
        #expect(try String(contentsOf: tree.appendingPathComponent("drivers/vfio/group.c"), encoding: .utf8) == "a\n")
        // A record whose patch never went in (killed between recording and
        // applying) is dropped, and the patch is not applied by the revert.
        try FileManager.default.createDirectory(atPath: journal, withIntermediateDirectories: true)
        try good.text.write(toFile: journal + "/1000.patch", atomically: true, encoding: .utf8)
        #expect(try PatchSeries.recover(tree: tree.path, journal: journal) == ["dropped the record 1000.patch: it was never applied"])
        #expect(try String(contentsOf: tree.appendingPathComponent("drivers/vfio/group.c"), encoding: .utf8) == "a\n")
        #expect(!FileManager.default.fileExists(atPath: journal + "/1000.patch"))
        // A tree that is neither patched nor clean stops with the record's path and leaves no .rej or .orig.
        try "edited\n".write(to: tree.appendingPathComponent("drivers/vfio/group.c"), atomically: true, encoding: .utf8)
        try good.text.write(toFile: journal + "/1000.patch", atomically: true, encoding: .utf8)
        #expect { try PatchSeries.recover(tree: tree.path, journal: journal) } throws: { error in
            "\(error)".contains(journal + "/1000.patch") && "\(error)".contains("restore the tree")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.appendingPathComponent("drivers/vfio").path)
        #expect(leftovers == ["group.c"])
    }

    @Test func everyMutantHasItsHeader() throws {
        let directory = URL(fileURLWithPath: VariantTests.variants).deletingLastPathComponent().appendingPathComponent("mutants").path
        let series = try PatchSeries.load(directory)
        #expect(series.patches.count >= 10)
        for mutant in series.patches {
            for field in ["Mutant:", "Caught-by:", "Variants:", "Topologies:"] {
                #expect(mutant.text.contains("\n" + field) || mutant.text.hasPrefix(field), "\(mutant.name) lacks \(field)")
            }
        }
    }
}

@Suite struct GuestBinaryTests {
    @Test func lddOutputGivesEveryLibraryAndTheLoader() {
        let output = """
            \tlinux-vdso.so.1 (0x00007ffd)
            \tlibkmod.so.2 => /lib/x86_64-linux-gnu/libkmod.so.2 (0x00007f1)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f3)
            """
        #expect(GuestBinary.parseLDD(output) == ["/lib/x86_64-linux-gnu/libkmod.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"])
    }
}

@Suite struct MutantHeaderTests {
    @Test func theHeaderGivesDefectKillersVariantsAndTopologies() throws {
        let text = """
            Mutant: the taint is dropped
            Breaks: no U
            Caught-by: group/taint, toggle/before-bind
            Variants: legacy,iommufd-compat
            Topologies: noiommu

            Why: a cleanup patch.
            ---
            --- a/drivers/vfio/group.c
            +++ b/drivers/vfio/group.c
            """
        let mutant = try Mutant.parse(text, path: "/m/04-noiommu-taint-dropped.patch")
        #expect(mutant.name == "04-noiommu-taint-dropped")
        #expect(mutant.defect == "the taint is dropped")
        #expect(mutant.expectedKillers == ["group/taint", "toggle/before-bind"])
        #expect(mutant.variants == ["legacy", "iommufd-compat"])
        #expect(mutant.topologies == [.noiommu])
        #expect(mutant.survivors.isEmpty)
        #expect(mutant.raceSeconds == nil)
    }

    @Test func raceSecondsLengthensOnlyThatMutantsRacesAndTheCommandLineWins() throws {
        let mutant = try Mutant.parse("Mutant: x\nCaught-by: race/a\nVariants: debug\nTopologies: noiommu\nRace-seconds: 30\n---\n", path: "/m/x.patch")
        #expect(mutant.raceSeconds == 30)
        let options = LabOptions(package: "/p", catalog: ["race/a"], scenarios: ["race/a"], jobs: 1)
        #expect(MutantRun.options(for: mutant, options, everyCell: false).raceSeconds == 30)
        #expect(MutantRun.unmodified([mutant], options).raceSeconds == nil)
        var given = options
        given.raceSeconds = 5
        #expect(MutantRun.options(for: mutant, given, everyCell: false).raceSeconds == 5)
        #expect(throws: LabError.badPatches("/m/x.patch: `Race-seconds: soon`: want seconds above 0, at most 600")) {
            try Mutant.parse("Mutant: x\nCaught-by: a\nVariants: debug\nTopologies: noiommu\nRace-seconds: soon\n---\n", path: "/m/x.patch")
        }
    }

    @Test func survivesNamesThePlainVariantsATierOnlyMutantMustPass() throws {
        let mutant = try Mutant.parse("Mutant: x\nCaught-by: a\nVariants: debug\nSurvives: legacy, no-container\nTopologies: noiommu\n---\n", path: "/m/x.patch")
        #expect(mutant.survivors == ["legacy", "no-container"])
        #expect(mutant.allVariants == ["debug", "legacy", "no-container"])
    }

    @Test func aMissingFieldOrUnknownTopologyNamesTheFile() {
        #expect(throws: LabError.badPatches("/m/x.patch: the header has no `Variants:` line")) {
            try Mutant.parse("Mutant: x\nCaught-by: a\nTopologies: noiommu\n---\n", path: "/m/x.patch")
        }
        #expect(throws: LabError.badPatches("/m/x.patch: unknown topology `vm` in Topologies:")) {
            try Mutant.parse("Mutant: x\nCaught-by: a\nVariants: legacy\nTopologies: vm\n---\n", path: "/m/x.patch")
        }
    }

    @Test func everyShippedMutantParsesAndNamesKnownScenariosAndVariants() throws {
        let fixtures = URL(fileURLWithPath: VariantTests.variants).deletingLastPathComponent()
        let mutants = try Mutant.loadAll(from: fixtures.appendingPathComponent("mutants").path)
        let variants = Set(Variant.available(in: VariantTests.variants))
        #expect(mutants.count >= 10)
        for mutant in mutants {
            #expect(Set(mutant.allVariants).isSubset(of: variants), "\(mutant.name) names an unknown variant")
        }
    }
}

@Suite struct GuestConsoleTests {
    @Test func theStatusLineReadsThroughSerialLineEnds() {
        let log = "[    0.4] Run /init as init process\r\nnot ok 1 legacy/noiommu\r\nvfio-conformance: guest done status 1\r\n[    7.5] reboot: Power down\r\n"
        let lines = GuestSession.consoleLines(log)
        #expect(GuestSession.status(in: lines) == .exited(1))
        #expect(lines.allSatisfy { !$0.hasSuffix("\r") })
    }

    @Test func initSaysHowTheHarnessEnded() {
        let said = { (word: String) in GuestSession.status(in: GuestSession.consoleLines(GuestProtocol.doneMarker + word + "\r\n")) }
        #expect(said("4") == .exited(ExitStatus.nothingTested))
        #expect(said("3") == .wedged)
        #expect(said("wedged") == .wedged)
        #expect(said("killed") == .killed)
        #expect(said("garbage") == nil)
        #expect(GuestProtocol.Status.killed.word == "killed")
    }

    @Test func noStatusLineMeansTheGuestDiedInTheCell() {
        #expect(GuestSession.status(in: GuestSession.consoleLines("Oops: 0000 [#1] SMP\r\n")) == nil)
    }
}

@Suite struct RunLockTests {
    @Test func aSecondRunOnTheSameTreeIsRefusedWhateverItsCache() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("tree-lock-\(getpid())")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tree) }
        do {
            let first = try RunLock.tree(tree.path)
            #expect { try RunLock.tree(tree.path) } throws: { "\($0)".contains("another vfio-conformance run is building or patching \(tree.path)") }
            withExtendedLifetime(first) {}
        }
        // Released with its holder: the next run gets it.
        _ = try RunLock.tree(tree.path)
        // Nothing was written into the tree.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path).isEmpty)
    }
}

@Suite struct KernelSourceTests {
    /// A tree that answers `make kernelversion`, as a kernel tree does.
    static func tree() throws -> URL {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(getpid())-\(UUID())")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("drivers/vfio"), withIntermediateDirectories: true)
        try "kernelversion:\n\t@echo 9.9.9\n".write(to: tree.appendingPathComponent("Makefile"), atomically: true, encoding: .utf8)
        return tree
    }

    /// Patch records and build trees are keyed on the tree's path, so two
    /// spellings of one directory (relative, with `..`, through a link) must
    /// give one path.
    @Test func everySpellingOfATreeIsOneTree() throws {
        let tree = try Self.tree()
        let link = tree.path + "-link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: tree.path)
        defer { try? FileManager.default.removeItem(at: tree); try? FileManager.default.removeItem(atPath: link) }
        let paths = LabPaths(cache: tree.path + "/cache", package: "/nonexistent")
        let progress = Progress(quiet: true)
        let plain = try KernelSource.resolve(.tree(path: tree.path), paths: paths, progress: progress)
        for spelling in [tree.path + "/../" + tree.lastPathComponent + "/.", link, tree.path + "/"] {
            #expect(try KernelSource.resolve(.tree(path: spelling), paths: paths, progress: progress).tree == plain.tree, "\(spelling)")
        }
        #expect(plain.release == "9.9.9")
    }
}

@Suite struct RecorderTests {
    /// This process's descriptors open on `path`: other tests run at the
    /// same time and open files of their own.
    static func descriptors(on path: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == path
        }.count
    }

    @Test func theJournalIsWrittenWholeAndClosedWithTheRecorder() throws {
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        do {
            let recorder = try Recorder(journal: journal, progress: Progress(quiet: true)) { _ in }
            recorder.record(Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: .pass, kernel: "6.1.192"))
            #expect(try Self.descriptors(on: journal) == 1)
        }
        #expect(try Self.descriptors(on: journal) == 0)
        #expect(try CellStream.cells(in: String(contentsOfFile: journal, encoding: .utf8), file: journal).map(\.scenario) == ["a"])
    }
}
