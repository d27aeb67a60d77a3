import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The one funnel through which a run creates, opens, renames and removes what it writes,
/// so the rules that keep a user's files safe are decided once:
/// - every file is created with `O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC`: never over an
///   existing file, never through a symbolic link someone planted, never inherited;
/// - temporary names carry a random token, not the process id, so they cannot be guessed
///   in advance;
/// - a file that replaces another is written under a temporary name beside it and renamed
///   into place, so the path names either the old file or the whole new one.
enum FileSystem {
    /// The flags of every file a run creates.
    static let createFlags: Int32 = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC

    /// Creates `path` for writing (relative to the directory `directory` when given) and
    /// returns its descriptor.
    /// - Throws: ``WriteError`` naming `path`: a file or link already there, a full disk.
    static func create(_ path: String, in directory: Int32 = AT_FDCWD, mode: mode_t = 0o644) throws -> Int32 {
        let fd = openat(directory, path, createFlags, mode)
        if fd < 0 { throw error(errno, path: path, creating: true) }
        return fd
    }

    /// Opens a file this run created, to append to it (never through a link).
    /// - Throws: ``WriteError`` naming `path`.
    static func reopen(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { throw error(errno, path: path, creating: false) }
        return fd
    }

    /// Creates directory `path` (relative to `directory` when given); an existing one is
    /// an error unless `existingIsFine`, and anything there that is not a directory (a link
    /// to one above all) always is.
    static func makeDirectory(_ path: String, in directory: Int32 = AT_FDCWD, existingIsFine: Bool = false) throws {
        if mkdirat(directory, path, 0o755) != 0 {
            let code = errno
            var info = stat()
            if code == EEXIST && existingIsFine && fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0
                && (info.st_mode & S_IFMT) == S_IFDIR
            {
                return
            }
            throw error(code, path: path, creating: true)
        }
    }

    /// 16 hex digits from the system's random source: part of every temporary name.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Writes all of `bytes` to `fd`, resuming after short writes and interruptions.
    /// - Throws: ``WriteError/io(path:reason:)`` naming `path`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: path, reason: WriteError.describe(errno))
            }
            pointer += n
            remaining -= n
        }
    }

    /// Puts a new file at `path`, written by `body` through the descriptor it is given.
    ///
    /// A regular file (or nothing, or a link) at `path` is replaced: the new file is
    /// written under a random temporary name in the same directory and renamed over it,
    /// so a link planted at `path` is replaced, never followed. A device or pipe there
    /// (`/dev/null`, `/dev/stdout`, a FIFO) is written to as it is.
    /// - Throws: ``WriteError`` naming `path`.
    static func replaceFile(_ path: String, with body: (_ fd: Int32) throws -> Void) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw error(errno, path: path, creating: false) }
            defer { close(fd) }
            try body(fd)
            return
        }
        let temporary = temporaryName(for: path)
        let fd = try create(temporary)
        do {
            try body(fd)
            if close(fd) != 0 { throw WriteError.io(path: path, reason: WriteError.describe(errno)) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        try move(temporary, to: path)
    }

    /// A random hidden name in the directory of `path`, for a file to be renamed to `path`
    /// once complete.
    static func temporaryName(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return (directory.isEmpty ? "" : directory + "/") + ".\(name).partial-\(randomToken())"
    }

    /// Renames the complete file `temporary` to `path` (replacing a file there); removes the
    /// temporary when that fails.
    /// - Throws: ``WriteError`` naming `path`.
    static func move(_ temporary: String, to path: String) throws {
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw error(code, path: path, creating: true)
        }
    }

    /// Copies the file at `source` to `destination` (see ``replaceFile(_:with:)``).
    static func copyFile(_ source: String, to destination: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw WriteError.io(path: source, reason: WriteError.describe(errno)) }
        defer { close(input) }
        try replaceFile(destination) { output in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let n = read(input, buffer.baseAddress, buffer.count)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError.io(path: source, reason: WriteError.describe(errno))
                }
                if n == 0 { break }
                try writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: destination)
            }
        }
    }

    /// Removes `path` and everything under it, never following a link (best effort).
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The error for `code` from creating or opening `path`: a full disk or an I/O error is
    /// an I/O error (74); anything else means the output cannot be created (73).
    static func error(_ code: Int32, path: String, creating: Bool) -> WriteError {
        switch code {
        case ENOSPC, EDQUOT, EIO, EFBIG:
            return .io(path: path, reason: WriteError.describe(code))
        case EEXIST where creating:
            return .cannotCreate(path: path, reason: "something is already there (a file, a directory or a symbolic link); specsplit never writes over it. Remove it, or choose another path")
        case ELOOP:
            return .cannotCreate(path: path, reason: "it is a symbolic link; specsplit never writes through a link. Remove it, or give the path it points to")
        default:
            return .cannotCreate(path: path, reason: WriteError.describe(code))
        }
    }
}
