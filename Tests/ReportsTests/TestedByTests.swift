import Testing
import Reports

@Suite struct TestedByTests {
    @Test(arguments: ["Ada Lovelace <ada@example.org>", "A <a@b>", "Seed c7275ef6 maintainers <maintainers@users.noreply.r-seed-c7275ef6.example>"])
    func takesANameAndAnAddress(text: String) {
        #expect(TestedBy(text)?.description == text)
    }

    @Test(arguments: ["", "ada@example.org", "<ada@example.org>", " <ada@example.org>", "Ada <ada.example.org>",
                      "Ada <@example.org>", "Ada <ada@>", "Ada <ada@b@c>", "Ada<ada@example.org>", "Ada  <ada@example.org>",
                      " Ada <ada@example.org>", "Ada <ada @example.org>", "Ada <ada@example.org> x", "Ada\n <ada@example.org>",
                      "Ada <ada@example.org>\nSigned-off-by: Eve <eve@example.org>"])
    func refusesAnythingElse(text: String) {
        #expect(TestedBy(text) == nil)
    }
}
