/// The version of specsplit, written into every manifest.
public enum SpecSplitVersion {
    /// Semantic version of the tool.
    public static let current = "0.1.0"
}
