import Testing
import VFIO

/// The run the PA query should report, read from pagemap's page addresses.
@Suite struct PinnedBufferTests {
    @Test func theContiguousRunEndsAtTheFirstGapOrAbsentPage() {
        let page: UInt64 = 0x1000
        #expect(PinnedBuffer.contiguousBytes(from: [0x5000, 0x6000, 0x7000, 0x8000], page: page) == 0x4000)
        #expect(PinnedBuffer.contiguousBytes(from: [0x5000, 0x6000, 0x9000, 0xa000], page: page) == 0x2000)
        #expect(PinnedBuffer.contiguousBytes(from: [0x5000, nil, 0x7000], page: page) == 0x1000)
        #expect(PinnedBuffer.contiguousBytes(from: [0x5000, 0x4000], page: page) == 0x1000)
        #expect(PinnedBuffer.contiguousBytes(from: [nil, 0x6000], page: page) == 0)
    }

    /// Run as root the PFNs are real; either way a populated buffer's pages are present.
    @Test func aPopulatedBufferHasEveryPageInPagemap() throws {
        let buffer = try PinnedBuffer(pages: 4)
        let pages = try buffer.physicalAddresses()
        #expect(pages.count == 4)
        #expect(pages.allSatisfy { $0 != nil })
    }
}
