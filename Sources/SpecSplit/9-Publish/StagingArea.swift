import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Atomic publication of a run's output directory.
///
/// The run takes a lock (`OUT.lock`, an `flock` held for the run, so a crashed run never
/// leaves a stale lock), writes everything into a staging directory beside OUT, and only
/// at the end swaps it into place (`renameat2(RENAME_EXCHANGE)`, or two renames where the
/// file system lacks it). A failed or interrupted run leaves any previous OUT as it was:
/// its staging directory, pruned to what explains the failure, becomes `OUT.failed`
/// (``keepFailure(_:keeping:)``), which the next failure replaces and the next success
/// removes.
public final class StagingArea {
    /// The final output directory.
    public let target: String
    /// The directory being written.
    public let staging: String
    /// Where a failed run's rejects and reason are kept: `OUT.failed` beside OUT.
    public let failed: String
    private var lockFD: Int32 = -1
    private var published = false

    /// Locks `target` and creates the staging directory.
    /// - Throws: ``WriteError/locked(path:)``, ``WriteError/exists(path:)``, or another
    ///   ``WriteError`` when the parent is not writable.
    public init(target: String, force: Bool) throws {
        let absolute = URL(fileURLWithPath: target).standardizedFileURL.path
        self.target = absolute
        let parent = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        staging = (parent as NSString).appendingPathComponent(".\(name).staging-\(getpid())")
        failed = absolute + ".failed"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotCreate(path: parent, reason: "\(error.localizedDescription)")
        }
        lockFD = open(absolute + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lockFD < 0 {
            throw WriteError.cannotCreate(path: absolute + ".lock", reason: WriteError.describe(errno))
        }
        // The lock file is removed when the run ends; a run that opened it just before
        // that holds a file no longer at the path, so check the path still names ours.
        var held = stat()
        var named = stat()
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 || fstat(lockFD, &held) != 0 || stat(absolute + ".lock", &named) != 0
            || held.st_ino != named.st_ino || held.st_dev != named.st_dev
        {
            Glibc.close(lockFD)
            lockFD = -1
            throw WriteError.locked(path: absolute)
        }
        if FileManager.default.fileExists(atPath: absolute) && !force {
            releaseLock()
            throw WriteError.exists(path: absolute)
        }
        if let problem = Self.notReplaceable(absolute) {
            releaseLock()
            throw WriteError.refused(path: absolute, reason: problem)
        }
        if let problem = FailureRecord.foreign(failed) {
            releaseLock()
            throw WriteError.refused(path: failed, reason: problem)
        }
        try? FileManager.default.removeItem(atPath: staging)
        if mkdir(staging, 0o755) != 0 {
            let reason = WriteError.describe(errno)
            releaseLock()
            throw WriteError.cannotCreate(path: staging, reason: reason)
        }
    }

    deinit {
        if !published { discard() }
        releaseLock()
    }

    /// A path inside the staging directory.
    public func path(_ relative: String) -> String { (staging as NSString).appendingPathComponent(relative) }

    /// Creates a directory inside the staging directory.
    public func makeDirectory(_ relative: String) throws {
        let full = path(relative)
        if mkdir(full, 0o755) != 0 && errno != EEXIST {
            let code = errno
            throw code == ENOSPC ? WriteError.io(path: full, reason: WriteError.describe(code)) : WriteError.cannotCreate(path: full, reason: WriteError.describe(code))
        }
    }

    /// Swaps the staging directory into place, removes what it replaced, and removes an
    /// earlier failed run's `OUT.failed`.
    public func publish() throws {
        // Checked again: the lock keeps other runs out, not other programs.
        if let problem = Self.notReplaceable(target) { throw WriteError.refused(path: target, reason: problem) }
        if access(target, F_OK) == 0 {
            try DirectorySwap.replace(target, with: staging, displayPath: target)
        } else {
            guard rename(staging, target) == 0 else { throw WriteError.io(path: target, reason: WriteError.describe(errno)) }
        }
        published = true
        if access(failed, F_OK) == 0 { FileSystem.removeTree(failed) }
    }

    /// Turns the staging directory of a failed run into `OUT.failed` (replacing an earlier
    /// one): everything but the files named in `keeping` is removed, then `record` is
    /// written as `status.json`. Best effort: when that cannot be done, the staging
    /// directory is removed.
    /// - Returns: whether `OUT.failed` now holds this run's record.
    @discardableResult
    public func keepFailure(_ record: FailureRecord, keeping: Set<String>) -> Bool {
        guard !published else { return false }
        defer { published = true }  // what is left is no longer this run's to remove
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []
        for entry in entries where !keeping.contains(entry) { FileSystem.removeTree(path(entry)) }
        do {
            let json = try record.json()
            let fd = try FileSystem.create(path(FailureRecord.fileName))
            defer { close(fd) }
            try json.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path(FailureRecord.fileName)) }
            if access(failed, F_OK) == 0 {
                try DirectorySwap.replace(failed, with: staging, displayPath: failed)
            } else if rename(staging, failed) != 0 {
                throw WriteError.io(path: failed, reason: WriteError.describe(errno))
            }
            return true
        } catch {
            FileSystem.removeTree(staging)
            return false
        }
    }

    /// Removes the staging directory (a failed or interrupted run).
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Why the directory at `path` may not be replaced, or nil when it may: nothing is
    /// there, or an empty directory, or an earlier specsplit output (its `manifest.json`
    /// names tool `specsplit`). `--force` replaces only those.
    static func notReplaceable(_ path: String) -> String? {
        let what = "--force replaces only an earlier specsplit output (a directory whose manifest.json names tool specsplit) "
            + "or an empty directory"
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            return "it is not a directory, and \(what). Choose another --out."
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if entries.isEmpty { return nil }
        guard let data = FileManager.default.contents(atPath: path + "/manifest.json") else {
            return "it holds \(entries.count) file(s) and no manifest.json, so it is not an earlier specsplit output; \(what). "
                + "Choose another --out, or move the directory away if it may go."
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], object["tool"] as? String == "specsplit"
        else {
            return "its manifest.json is not one specsplit wrote (it does not parse, or names another tool); \(what). "
                + "Choose another --out, or move the directory away if it may go."
        }
        return nil
    }

    private func releaseLock() {
        if lockFD >= 0 {
            unlink(target + ".lock")
            flock(lockFD, LOCK_UN)
            Glibc.close(lockFD)
            lockFD = -1
        }
    }
}
