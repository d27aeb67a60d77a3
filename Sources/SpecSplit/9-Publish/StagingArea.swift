import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Atomic publication of a run's output directory.
///
/// The run takes a lock (`OUT.lock`, an `flock` held for the run, so a crashed run never
/// leaves a stale lock), writes everything into a staging directory beside OUT, and only
/// at the end swaps it into place (`renameat2(RENAME_EXCHANGE)`, or two renames where the
/// file system lacks it). A failed or interrupted run removes the staging directory and
/// leaves any previous OUT as it was.
public final class StagingArea {
    /// The final output directory.
    public let target: String
    /// The directory being written.
    public let staging: String
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

    /// Swaps the staging directory into place and removes what it replaced.
    public func publish() throws {
        if access(target, F_OK) == 0 {
            try DirectorySwap.replace(target, with: staging, displayPath: target)
            published = true
            return
        }
        guard rename(staging, target) == 0 else { throw WriteError.io(path: target, reason: WriteError.describe(errno)) }
        published = true
    }

    /// Removes the staging directory (a failed or interrupted run).
    public func discard() {
        try? FileManager.default.removeItem(atPath: staging)
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
