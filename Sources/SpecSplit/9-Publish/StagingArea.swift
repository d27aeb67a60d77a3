import Foundation
import Logging

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
    /// OUT's paths and names.
    public let layout: OutputLayout
    /// The directory holding OUT, opened once: the lock and the staging directory are made
    /// relative to it, so a link swapped in above it later changes nothing.
    private var parentFD: Int32 = -1
    private var lockFD: Int32 = -1
    private var published = false

    /// Locks `target` and creates the staging directory.
    /// - Throws: ``WriteError/locked(path:)``, ``WriteError/exists(path:)``,
    ///   ``WriteError/refused(path:reason:)`` (a link at `OUT.lock`, OUT not replaceable), or
    ///   another ``WriteError`` when the parent is not writable.
    public init(target: String, force: Bool, logger: Logger? = nil) throws {
        layout = OutputLayout(target)
        self.target = layout.target
        failed = layout.failed
        let token = FileSystem.randomToken()
        staging = (layout.parent as NSString).appendingPathComponent(layout.stagingPrefix + token)
        do {
            try FileManager.default.createDirectory(atPath: layout.parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError.cannotCreate(path: layout.parent, reason: "\(error.localizedDescription)")
        }
        parentFD = open(layout.parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if parentFD < 0 { throw WriteError.cannotCreate(path: layout.parent, reason: WriteError.describe(errno)) }
        try lock()
        let absolute = layout.target
        if let problem = Self.linkProblem(absolute) {
            releaseLock()
            throw WriteError.refused(path: absolute, reason: problem)
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
        removeLeftovers(logger)
        do {
            try FileSystem.makeDirectory(layout.stagingPrefix + token, in: parentFD)
        } catch {
            releaseLock()
            throw error
        }
    }

    /// Takes `OUT.lock`: created if needed, never through a link, and held with `flock`.
    private func lock() throws {
        let name = (layout.lock as NSString).lastPathComponent
        lockFD = openat(parentFD, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        if lockFD < 0 {
            let code = errno
            if code == ELOOP {
                throw WriteError.refused(
                    path: layout.lock,
                    reason: "the lock file is a symbolic link; specsplit never follows a link it did not make. Remove it (and find out who planted it) and run again.")
            }
            throw FileSystem.error(code, path: layout.lock, creating: true)
        }
        // The lock file is removed when the run ends; a run that opened it just before
        // that holds a file no longer at the path, so check the path still names ours.
        var held = stat()
        var named = stat()
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 || fstat(lockFD, &held) != 0
            || fstatat(parentFD, name, &named, AT_SYMLINK_NOFOLLOW) != 0
            || held.st_ino != named.st_ino || held.st_dev != named.st_dev
        {
            Glibc.close(lockFD)
            lockFD = -1
            throw WriteError.locked(path: layout.target)
        }
        if (held.st_mode & S_IFMT) != S_IFREG {
            releaseLock(unlinking: false)
            throw WriteError.refused(path: layout.lock, reason: "it is not a plain file; remove it and run again.")
        }
    }

    deinit {
        if !published { discard() }
        releaseLock()
        if parentFD >= 0 { Glibc.close(parentFD) }
    }

    /// A path inside the staging directory.
    public func path(_ relative: String) -> String { (staging as NSString).appendingPathComponent(relative) }

    /// Removes what runs into the same OUT that did not finish (killed, crashed, the
    /// machine lost power) left beside it, and logs each: staging directories (no run holds
    /// the lock but this one, so none of them is in use) and the partial rejects files of
    /// older versions (`OUT.rejects.csv.partial-PID`).
    private func removeLeftovers(_ logger: Logger?) {
        let legacy = layout.name + ".rejects.csv.partial-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: layout.parent)) ?? [] {
            var info = stat()
            guard fstatat(parentFD, entry, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            let leftover =
                (entry.hasPrefix(layout.stagingPrefix) && kind == S_IFDIR)
                || (entry.hasPrefix(legacy) && kind == S_IFREG && entry.dropFirst(legacy.count).allSatisfy(\.isNumber))
            guard leftover else { continue }
            let path = (layout.parent as NSString).appendingPathComponent(entry)
            let size = kind == S_IFDIR ? Self.size(of: path) : (files: 1, bytes: UInt64(info.st_size))
            FileSystem.removeTree(path)
            logger?.notice("removed \(entry) (\(size.files) files, \(size.bytes >> 10) KiB) beside \(layout.target): left by a run that did not finish")
        }
    }

    private static func size(of directory: String) -> (files: Int, bytes: UInt64) {
        var files = 0
        var bytes: UInt64 = 0
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            var info = stat()
            if lstat(directory + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
                files += 1
                bytes += UInt64(info.st_size)
            }
        }
        return (files, bytes)
    }

    /// Creates a directory inside the staging directory (one already made by this run is
    /// fine; anything else there, a planted link above all, is an error).
    public func makeDirectory(_ relative: String) throws {
        try FileSystem.makeDirectory(path(relative), existingIsFine: true)
    }

    /// Creates file `relative` inside the staging directory holding `bytes`.
    public func writeFile(_ relative: String, _ bytes: Data) throws {
        let full = path(relative)
        let fd = try FileSystem.create(full)
        defer { Glibc.close(fd) }
        try bytes.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: full) }
    }

    /// Swaps the staging directory into place, removes what it replaced, and removes an
    /// earlier failed run's `OUT.failed`.
    public func publish() throws {
        // Checked again: the lock keeps other runs out, not other programs.
        if let problem = Self.linkProblem(target) ?? Self.notReplaceable(target) {
            throw WriteError.refused(path: target, reason: problem)
        }
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
        for entry in entries {
            var info = stat()
            let plainFile = lstat(path(entry), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            if !keeping.contains(entry) || !plainFile { FileSystem.removeTree(path(entry)) }
        }
        do {
            try writeFile(FailureRecord.fileName, try record.json())
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

    /// Why `path` may not be OUT when it is a symbolic link (dangling or not), or nil when
    /// it is not one: publication renames a directory into place, which would replace the
    /// link rather than fill what it points to.
    static func linkProblem(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
        let dangling = access(path, F_OK) != 0 ? ", which does not exist" : ""
        return "it is a symbolic link (to \(target)\(dangling)); specsplit publishes by renaming a directory into "
            + "place, so it will neither replace the link nor write through it. Give the real directory as --out, or remove the link."
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

    private func releaseLock(unlinking: Bool = true) {
        if lockFD >= 0 {
            if unlinking { unlinkat(parentFD, (layout.lock as NSString).lastPathComponent, 0) }
            flock(lockFD, LOCK_UN)
            Glibc.close(lockFD)
            lockFD = -1
        }
    }
}
