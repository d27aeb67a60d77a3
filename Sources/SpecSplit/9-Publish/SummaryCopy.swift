import Foundation

/// `--summary PATH`: a copy of the manifest, written after publication to standard output
/// (`-`) or to PATH (renamed into place; a device or pipe there is written to as it is).
enum SummaryCopy {
    /// Writes `manifest` to `path`.
    /// - Throws: ``WriteError`` naming standard output or `path` (74 for a full disk).
    static func write(_ manifest: Data, to path: String) throws {
        if path == "-" {
            try StandardStreams.write(manifest)
            return
        }
        try FileSystem.replaceFile(path) { fd in
            try manifest.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path) }
        }
    }
}
