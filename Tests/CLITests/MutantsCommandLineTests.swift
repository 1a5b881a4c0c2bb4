import Testing
@testable import vfio_conformance

@Suite struct MutantsCommandLineTests {
    /// A kill table decodes its crashes unless told otherwise; CI's subset
    /// turns it off to reuse the matrix's plain trees.
    @Test func debugInfoIsOnUnlessRefused() throws {
        let plain = try #require(try VFIOConformance.parseAsRoot(["mutants", "--only", "01"]) as? MutantsCommand)
        #expect(plain.debugInfo)
        let refused = try #require(try VFIOConformance.parseAsRoot(["mutants", "--no-debug-info", "--only", "01"]) as? MutantsCommand)
        #expect(!refused.debugInfo)
    }
}
