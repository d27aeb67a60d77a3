import CSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Putting a finished directory in the place of an existing one, so that the path always
/// names either the old directory or the new, whole.
enum DirectorySwap {
    /// Moves directory `staging` to `target`, which exists, and removes what was there:
    /// one atomic exchange (`renameat2(RENAME_EXCHANGE)`) where the file system has it,
    /// else two renames, the old directory put back if the second fails.
    /// - Throws: ``WriteError/io(path:reason:)`` naming `displayPath` when the old
    ///   directory could not be moved aside or the new one moved in; `target` is then as
    ///   it was, and `staging` still there.
    static func replace(_ target: String, with staging: String, displayPath: String) throws {
        if specsplit_rename_exchange(staging, target) == 0 {
            try? FileManager.default.removeItem(atPath: staging)  // now holds what was replaced
            return
        }
        let old = staging + ".old"
        guard rename(target, old) == 0 else { throw WriteError.io(path: displayPath, reason: WriteError.describe(errno)) }
        guard rename(staging, target) == 0 else {
            let reason = WriteError.describe(errno)
            _ = rename(old, target)
            throw WriteError.io(path: displayPath, reason: reason)
        }
        try? FileManager.default.removeItem(atPath: old)
    }
}
