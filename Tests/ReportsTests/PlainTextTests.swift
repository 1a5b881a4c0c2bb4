import Testing
@testable import Reports

@Suite struct PlainTextTests {
    @Test func wrapsAtWordsAndCutsOverlongWords() {
        #expect(PlainText.wrap("aa bb cc", width: 7, indent: "  ") == ["  aa bb", "  cc"])
        #expect(PlainText.wrap("abcdef x", width: 6, indent: "  ") == ["  abcd", "  ef x"])
        #expect(PlainText.wrap("", width: 10) == [""])
    }

    @Test func truncatesWithAnEllipsis() {
        #expect(PlainText.truncate("abcdefghij", width: 8) == "abcde...")
        #expect(PlainText.truncate("abc", width: 8) == "abc")
    }

    @Test func makesControlCharactersVisible() {
        #expect(PlainText.clean("a\u{1B}[0mb\r\n\tc\u{7F}") == "a^[[0mb  c^?")
        #expect(PlainText.clean("a\nb", keepingNewlines: true) == "a\nb")
    }

    @Test func formatsFixedDecimals() {
        #expect(FixedPoint.format(0.25, decimals: 3) == "0.250")
        #expect(FixedPoint.format(12.3456, decimals: 2) == "12.35")
        #expect(FixedPoint.format(-0.05, decimals: 1) == "-0.1")
        #expect(FixedPoint.format(0.0001, decimals: 3) == "0.000")
        #expect(FixedPoint.format(7, decimals: 0) == "7")
        #expect(FixedPoint.format(.nan, decimals: 2) == "0.00")
    }
}
