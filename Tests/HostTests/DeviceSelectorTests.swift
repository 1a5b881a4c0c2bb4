import Testing
import Host

@Suite struct DeviceSelectorTests {
    @Test func parsesAddressesIdsAndAuto() throws {
        let edu = try #require(PCIAddress("0000:00:04.0"))
        #expect(try DeviceSelector(parsing: "0000:00:04.0") == .address(edu))
        #expect(try DeviceSelector(parsing: "00:04.0") == .address(edu))
        #expect(try DeviceSelector(parsing: "1234:11e8") == .ids(vendor: 0x1234, device: 0x11e8))
        #expect(try DeviceSelector(parsing: "1B36:0005") == .ids(vendor: 0x1b36, device: 0x0005))
        #expect(try DeviceSelector(parsing: "auto") == .automatic)
    }

    @Test(arguments: ["", "edu", "1234", "12345:11e8", "1234:11e8:0", "00:04", "0000:00:20.0", "zz:11e8"])
    func badTextIsBadSelectorListingTheForms(text: String) {
        #expect(throws: HostError.badSelector(text)) { try DeviceSelector(parsing: text) }
        let message = HostError.badSelector(text).description
        #expect(message.contains("0000:00:04.0") && message.contains("1234:11e8") && message.contains("auto"))
    }

    @Test func knownDevices() {
        #expect(DeviceSelector.edu == (0x1234, 0x11e8))
        #expect(DeviceSelector.pciTestdev == (0x1b36, 0x0005))
        #expect(DeviceSelector.ids(vendor: 0x1234, device: 0x11e8).description == "1234:11e8")
    }
}
