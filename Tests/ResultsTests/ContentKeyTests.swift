import Testing
import Results

@Suite struct ContentKeyTests {
    @Test func contentKeysAreStableAndSensitive() {
        #expect(ContentKey.of("abc") == ContentKey.of("abc"))
        #expect(ContentKey.of("abc") != ContentKey.of("abd"))
        #expect(ContentKey.of("abc").count == 16)
    }
}
