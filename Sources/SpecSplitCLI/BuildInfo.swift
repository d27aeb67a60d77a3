import CBuildInfo
import SpecSplit

/// What `specsplit --version` says: the version (the one the manifest records) and the git
/// commit the binary was built from, so a packaged binary can be traced to its source.
enum BuildInfo {
    /// The full commit id, `-dirty` when built from a work tree with uncommitted changes,
    /// `unknown` when built outside a git checkout.
    static let commit = String(cString: specsplit_build_commit())

    /// For example `0.1.0 (commit 70838ee1c2d3...)`; its first word is the version alone.
    static let versionLine = "\(SpecSplitVersion.current) (commit \(commit))"
}
