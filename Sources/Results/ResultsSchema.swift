/// The version of the JSON form of cells and result documents. Readers refuse
/// a newer version rather than misreading it.
public enum ResultsSchema {
    public static let version = 1
}
