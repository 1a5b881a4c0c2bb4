import Testing
import Probes

@Suite struct OnlineCPUsTests {
    @Test(arguments: [("0\n", 1), ("0-1\n", 2), ("0,2-3", 3), ("0-7,9", 9)])
    func countsTheListTheKernelPrints(text: String, count: Int) {
        #expect(OnlineCPUs.count(in: text) == count)
    }

    @Test(arguments: ["", "\n", "x", "1-0", "0-", "-1", "0,,1"])
    func anythingElseIsNoCount(text: String) {
        #expect(OnlineCPUs.count(in: text) == nil)
    }
}
