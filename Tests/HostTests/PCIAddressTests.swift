import Testing
import Host

@Suite struct PCIAddressTests {
    @Test(arguments: [
        ("0000:00:04.0", "0000:00:04.0"),
        ("00:04.0", "0000:00:04.0"),
        ("0000:AF:1f.7", "0000:af:1f.7"),
        ("10000:00:00.0", "10000:00:00.0"),
        ("1:2:3.4", "0001:02:03.4"),
        ("ffffffff:ff:1f.7", "ffffffff:ff:1f.7"),
        ("0:0:0.0", "0000:00:00.0"),
    ])
    func parsesAndPrintsTheFullForm(text: String, full: String) throws {
        let address = try #require(PCIAddress(text))
        #expect(address.description == full)
        #expect(PCIAddress(full) == address)
    }

    @Test(arguments: ["", "0000:00:04", "0000:00:04.", ":00:04.0", "0000:100:04.0", "00:20.0",
                      "00:04.8", "00:04.0x", "g0:04.0", "0:0:0:04.0", "1234:11e8", "0000:00:04.0 "])
    func rejects(text: String) {
        #expect(PCIAddress(text) == nil)
    }
}
