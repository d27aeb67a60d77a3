import CBuildInfo
import SpecSplit

/// What `specsplit --version` says: the version (the one the manifest records) and the git
/// commit the binary was built from, so a packaged binary can be traced to its source.
enum BuildInfo {
    /// The full commit id (`-dirty` when the work tree had changes) for builds made by
    /// scripts/build-release.sh, install.sh and package.sh; `unknown` for a plain `swift build`.
    static let commit = String(cString: specsplit_build_commit())

    /// For example `0.1.0 (commit 70838ee1c2d3...)`; its first word is the version alone.
    static let versionLine = "\(SpecSplitVersion.current) (commit \(commit))"
}
