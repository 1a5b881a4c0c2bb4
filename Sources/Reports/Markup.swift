/// Escaping shared by the XML (JUnit) and HTML reports. Control characters
/// are not allowed in XML 1.0 at all, so they go through `PlainText.clean`
/// first; the result is safe both as element text and as an attribute value.
enum Markup {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in PlainText.clean(text, keepingNewlines: true) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
