import CGzip

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sees every byte of content read from an input (to hash it, for example).
public protocol InputObserver: AnyObject {
    /// Called with each chunk of content, in order.
    func consume(_ bytes: UnsafeRawBufferPointer)
}

/// A stream of input bytes from a file path, a gzip file or standard input (`-`).
///
/// zlib's `gzread` reads gzip and plain files alike, so one code path serves both; a
/// gzip stream is recognised by its magic bytes, not its name. Reads are in chunks into
/// a buffer the caller owns: memory stays bounded whatever the file size.
public final class InputSource: @unchecked Sendable {
    /// The name used in messages: the path, or `standard input`.
    public let displayName: String
    /// The path as given (`-` for standard input).
    public let path: String
    /// The size of the file on disk in bytes, when it is a regular file.
    public let fileSize: UInt64?
    private var handle: gzFile?
    /// A byte range of a plain file read with `pread` (parallel reading): its descriptor,
    /// the next offset and the end; -1 when the source reads through zlib.
    private var rangeDescriptor: Int32 = -1
    private var rangeNext: UInt64 = 0
    private var rangeEnd: UInt64 = 0
    /// Sees every chunk read (set before the first read).
    public var observer: InputObserver?
    /// Uncompressed bytes handed out so far.
    public private(set) var bytesRead: UInt64 = 0

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``ReadError/cannotOpen(path:reason:)`` when the file is missing or unreadable.
    public init(path: String, bufferSize: Int = 1 << 18) throws {
        self.path = path
        let fd: Int32
        if path == "-" {
            displayName = "standard input"
            fd = dup(STDIN_FILENO)
        } else {
            displayName = path
            fd = open(path, O_RDONLY)
        }
        if fd < 0 {
            throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw ReadError.cannotOpen(path: displayName, reason: "it is a directory")
        }
        fileSize = (info.st_mode & S_IFMT) == S_IFREG ? UInt64(info.st_size) : nil
        guard let gz = gzdopen(fd, "rb") else {
            Glibc.close(fd)
            throw ReadError.cannotOpen(path: displayName, reason: "zlib could not open it")
        }
        gzbuffer(gz, UInt32(bufferSize))
        handle = gz
    }

    /// Reads bytes `range` of the plain file `path` (a block of a file read in parallel),
    /// named `displayName` in messages. Nothing is hashed: the file's reading thread does that.
    /// - Throws: ``ReadError/cannotOpen(path:reason:)``.
    init(path: String, displayName: String, range: Range<UInt64>) throws {
        self.path = path
        self.displayName = displayName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno))) }
        var info = stat()
        fileSize = fstat(fd, &info) == 0 ? UInt64(info.st_size) : nil
        rangeDescriptor = fd
        rangeNext = range.lowerBound
        rangeEnd = range.upperBound
    }

    deinit { close() }

    /// Reads up to `capacity` bytes into `buffer`; returns 0 at the end of the input.
    /// - Throws: ``ReadError/io(path:reason:)`` on a read error or a truncated gzip stream.
    public func read(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        if rangeDescriptor >= 0 { return try readRange(into: buffer, capacity: capacity) }
        guard let gz = handle else { return 0 }
        let n = gzread(gz, buffer, UInt32(min(capacity, Int(Int32.max))))
        if n < 0 || (n == 0 && lastError(gz) != nil) {
            let reason = lastError(gz) ?? String(cString: strerror(errno))
            throw ReadError.io(path: displayName, reason: reason)
        }
        bytesRead += UInt64(n)
        if n > 0 { observer?.consume(UnsafeRawBufferPointer(start: buffer, count: Int(n))) }
        return Int(n)
    }

    private func readRange(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        let wanted = Int(min(UInt64(capacity), rangeEnd - rangeNext))
        guard wanted > 0 else { return 0 }
        while true {
            let n = pread(rangeDescriptor, buffer, wanted, off_t(rangeNext))
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError.io(path: displayName, reason: String(cString: strerror(errno)))
            }
            if n == 0 { throw ReadError.io(path: displayName, reason: "the file became shorter while it was read") }
            rangeNext += UInt64(n)
            bytesRead += UInt64(n)
            return n
        }
    }

    /// The offset in the file on disk (compressed bytes for gzip), for progress reports.
    public var diskOffset: UInt64 {
        if rangeDescriptor >= 0 { return rangeNext }
        guard let gz = handle else { return fileSize ?? 0 }
        let offset = gzoffset(gz)
        return offset < 0 ? 0 : UInt64(offset)
    }

    /// True when the input is gzip-compressed (known after the first read).
    public var isCompressed: Bool {
        guard let gz = handle else { return false }
        return gzdirect(gz) == 0
    }

    /// Closes the input; further reads return 0.
    public func close() {
        if rangeDescriptor >= 0 {
            Glibc.close(rangeDescriptor)
            rangeDescriptor = -1
            rangeNext = rangeEnd
        }
        if let gz = handle {
            gzclose(gz)
            handle = nil
        }
    }

    private func lastError(_ gz: gzFile) -> String? {
        var code: Int32 = 0
        guard let message = gzerror(gz, &code), code != Z_OK else { return nil }
        if code == Z_BUF_ERROR { return "the gzip stream is truncated (unexpected end of file)" }
        return String(cString: message)
    }
}
