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

/// A stream of input bytes from a file path, a gzip file, a pipe or standard input (`-`).
///
/// The raw bytes are read with `read(2)` and, when they start with the gzip magic bytes
/// (whatever the name), inflated with zlib one member after another. Reads are in chunks
/// into a buffer the caller owns: memory stays bounded whatever the file size.
///
/// An input that is not a regular file (a pipe, a FIFO, `/dev/stdin`, a process
/// substitution) can be read only once; ``isRegularFile`` says so, and the planner keeps
/// the reader that read its header. Waiting on one never blocks for good: it is opened
/// without blocking and polled before every read, and a signal that stops the run
/// (``Cancellation``) ends the wait.
public final class InputSource: @unchecked Sendable {
    /// The name used in messages: the path, or `standard input`.
    public let displayName: String
    /// The path as given (`-` for standard input).
    public let path: String
    /// The size of the file on disk in bytes, when it is a regular file.
    public let fileSize: UInt64?
    /// True for a regular file; false for what can be read only once (pipes, FIFOs,
    /// devices).
    public let isRegularFile: Bool
    /// A byte range of a plain file read with `pread` (parallel reading): its descriptor,
    /// the next offset and the end; -1 when the source reads through ``read(into:capacity:)``'s
    /// own descriptor.
    private var rangeDescriptor: Int32 = -1
    private var rangeNext: UInt64 = 0
    private var rangeEnd: UInt64 = 0
    /// A block of a plain file already in memory (parallel reading: the scanner read it),
    /// lent out by ``borrow(upTo:)`` without copying; nil otherwise.
    private var memory: BlockBuffer?
    private var memoryNext = 0
    /// Sees every chunk read (set before the first read).
    public var observer: InputObserver?
    /// Uncompressed bytes handed out so far.
    public private(set) var bytesRead: UInt64 = 0

    private var fd: Int32
    /// Raw bytes read ahead: `raw[rawStart ..< rawEnd]` not yet used.
    private let raw: UnsafeMutablePointer<UInt8>
    private let rawCapacity: Int
    private var rawStart = 0
    private var rawEnd = 0
    /// Raw bytes read from the descriptor so far.
    private var rawTotal: UInt64 = 0
    private var rawEOF = false
    private enum Format { case unknown, plain, gzip }
    private var format = Format.unknown
    private var stream: UnsafeMutablePointer<z_stream>?
    /// A gzip member has ended and the next has not begun.
    private var betweenMembers = false
    private var finished = false

    /// How long one wait on a pipe lasts before a stop signal is looked for.
    static let pollMilliseconds: Int32 = 100

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``ReadError/cannotOpen(path:reason:)`` when the file is missing or unreadable.
    public init(path: String, bufferSize: Int = 1 << 18) throws {
        self.path = path
        var descriptor: Int32
        if path == "-" {
            displayName = "standard input"
            descriptor = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0)
        } else {
            displayName = path
            // Not blocking: opening a FIFO nobody writes to would wait in the kernel, deaf
            // to signals. Reads wait in poll instead.
            descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        }
        if descriptor < 0 {
            throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(descriptor)
            throw ReadError.cannotOpen(path: displayName, reason: "it is a directory")
        }
        if path != "-" {
            let flags = fcntl(descriptor, F_GETFL)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        }
        isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
        fileSize = isRegularFile ? UInt64(info.st_size) : nil
        fd = descriptor
        rawCapacity = max(bufferSize, 1 << 12)
        raw = .allocate(capacity: rawCapacity)
    }

    /// Reads bytes `range` of the plain file `path` (a block of a file read in parallel),
    /// named `displayName` in messages. Nothing is hashed: the file's reading thread does that.
    /// Only for regular files: what can be read once never gets here.
    /// - Throws: ``ReadError/cannotOpen(path:reason:)``.
    init(path: String, displayName: String, range: Range<UInt64>) throws {
        self.path = path
        self.displayName = displayName
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno))) }
        var info = stat()
        fileSize = fstat(descriptor, &info) == 0 ? UInt64(info.st_size) : nil
        isRegularFile = true
        fd = -1
        rawCapacity = 1
        raw = .allocate(capacity: rawCapacity)
        rangeDescriptor = descriptor
        rangeNext = range.lowerBound
        rangeEnd = range.upperBound
    }

    /// Reads `block`, bytes `range` of the plain file `path` that the file's scanning thread
    /// has read into memory (a block of a file read in parallel), named `displayName` in
    /// messages. Nothing is hashed: the scanner did that as it read.
    init(path: String, displayName: String, block: BlockBuffer, range: Range<UInt64>) {
        self.path = path
        self.displayName = displayName
        fileSize = nil
        isRegularFile = true
        fd = -1
        rawCapacity = 1
        raw = .allocate(capacity: rawCapacity)
        memory = block
        rangeNext = range.lowerBound
        rangeEnd = range.upperBound
    }

    deinit {
        close()
        raw.deallocate()
    }

    /// For a block in memory: its next bytes, at most `capacity`, without copying (empty at
    /// its end; valid until the next call). Nil for every other source: use ``read(into:capacity:)``.
    func borrow(upTo capacity: Int) -> UnsafeRawBufferPointer? {
        guard let memory else { return nil }
        let count = min(capacity, memory.count - memoryNext)
        let slice = UnsafeRawBufferPointer(start: memory.base + memoryNext, count: count)
        memoryNext += count
        rangeNext += UInt64(count)
        bytesRead += UInt64(count)
        return slice
    }

    /// Reads up to `capacity` bytes into `buffer`; returns 0 at the end of the input.
    /// - Throws: ``ReadError/io(path:reason:)`` on a read error or a truncated or corrupt
    ///   gzip stream; ``JobError/cancelled(signal:)`` when a stop signal ends a wait.
    public func read(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        if rangeDescriptor >= 0 { return try readRange(into: buffer, capacity: capacity) }
        if memory != nil {
            guard let slice = borrow(upTo: capacity), let base = slice.baseAddress, slice.count > 0 else { return 0 }
            buffer.copyMemory(from: base, byteCount: slice.count)
            return slice.count
        }
        guard fd >= 0, !finished, capacity > 0 else { return 0 }
        if format == .unknown { try detectFormat() }
        let n = format == .gzip ? try inflate(into: buffer, capacity: capacity) : try readPlain(into: buffer, capacity: capacity)
        if n == 0 { finished = true }
        bytesRead += UInt64(n)
        if n > 0 { observer?.consume(UnsafeRawBufferPointer(start: buffer, count: n)) }
        return n
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
    public var diskOffset: UInt64 { rangeDescriptor >= 0 || memory != nil ? rangeNext : rawTotal }

    /// True when the input is gzip-compressed (known after the first read).
    public var isCompressed: Bool { format == .gzip }

    /// Closes the input; further reads return 0.
    public func close() {
        if memory != nil {
            memory = nil
            rangeNext = rangeEnd
        }
        if rangeDescriptor >= 0 {
            Glibc.close(rangeDescriptor)
            rangeDescriptor = -1
            rangeNext = rangeEnd
        }
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
            self.stream = nil
        }
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    // MARK: - Raw bytes

    /// Looks at the first two bytes: the gzip magic number, or anything else (plain).
    private func detectFormat() throws {
        while rawEnd - rawStart < 2 && !rawEOF { try refill() }
        if rawEnd - rawStart >= 2 && raw[rawStart] == 0x1F && raw[rawStart + 1] == 0x8B {
            let zstream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            zstream.initialize(to: z_stream())
            guard specsplit_inflate_init_gzip(zstream) == Z_OK else {
                zstream.deallocate()
                throw ReadError.io(path: displayName, reason: "zlib could not start decompressing")
            }
            stream = zstream
            format = .gzip
        } else {
            format = .plain
        }
    }

    /// Reads more raw bytes after those not yet used (moving them to the front first).
    private func refill() throws {
        if rawStart > 0 {
            let left = rawEnd - rawStart
            if left > 0 { (raw).update(from: raw + rawStart, count: left) }
            rawStart = 0
            rawEnd = left
        }
        guard rawEnd < rawCapacity, !rawEOF else { return }
        let n = try readDescriptor(into: UnsafeMutableRawPointer(raw + rawEnd), capacity: rawCapacity - rawEnd)
        if n == 0 { rawEOF = true }
        rawEnd += n
    }

    /// One `read(2)`, waiting in `poll` first for what is not a regular file, so that a stop
    /// signal is noticed within ``pollMilliseconds``.
    private func readDescriptor(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        while true {
            if !isRegularFile {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Self.pollMilliseconds)
                if ready <= 0 {
                    if ready < 0 && errno != EINTR {
                        throw ReadError.io(path: displayName, reason: String(cString: strerror(errno)))
                    }
                    try Cancellation.check()
                    continue
                }
            }
            let n = Glibc.read(fd, buffer, capacity)
            if n >= 0 {
                rawTotal += UInt64(n)
                return n
            }
            if errno == EINTR || errno == EAGAIN {
                try Cancellation.check()
                continue
            }
            throw ReadError.io(path: displayName, reason: String(cString: strerror(errno)))
        }
    }

    /// Plain content: bytes read ahead first, then straight into the caller's buffer.
    private func readPlain(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        let ahead = rawEnd - rawStart
        if ahead > 0 {
            let n = min(ahead, capacity)
            buffer.copyMemory(from: raw + rawStart, byteCount: n)
            rawStart += n
            return n
        }
        if rawEOF { return 0 }
        let n = try readDescriptor(into: buffer, capacity: capacity)
        if n == 0 { rawEOF = true }
        return n
    }

    // MARK: - Gzip

    /// Inflates into the caller's buffer until it is full, the input has nothing more for
    /// now (a pipe), or the input ends; gzip members one after another are one stream.
    private func inflate(into buffer: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        guard let stream else { return 0 }
        var produced = 0
        while produced < capacity {
            if betweenMembers {
                while rawEnd - rawStart < 2 && !rawEOF { try refill() }
                let left = rawEnd - rawStart
                if left == 0 { return produced }  // the end, after a whole member
                guard left >= 2 && raw[rawStart] == 0x1F && raw[rawStart + 1] == 0x8B else {
                    // zlib's gzread stops here without a word; rows appended to a gzip file
                    // would be lost.
                    let offset = rawTotal - UInt64(left)
                    throw ReadError.io(
                        path: displayName,
                        reason: "bytes that are not gzip data follow the end of the compressed data, at byte offset \(offset) "
                            + "of the file (rows appended to a gzip file?); they would be lost. Compress the whole extract again")
                }
                inflateReset(stream)
                betweenMembers = false
            }
            if rawEnd == rawStart {
                if produced > 0 && !isRegularFile { return produced }  // hand over what there is; do not wait
                try refill()
                if rawEnd == rawStart && rawEOF {
                    throw ReadError.io(path: displayName, reason: "the gzip stream is truncated (unexpected end of file)")
                }
            }
            stream.pointee.next_in = raw + rawStart
            stream.pointee.avail_in = UInt32(min(rawEnd - rawStart, Int(UInt32.max)))
            stream.pointee.next_out = (buffer + produced).assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(min(capacity - produced, Int(UInt32.max)))
            let before = stream.pointee.avail_out
            let status = CGzip.inflate(stream, Z_NO_FLUSH)
            produced += Int(before - stream.pointee.avail_out)
            rawStart = rawEnd - Int(stream.pointee.avail_in)
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
                throw ReadError.io(
                    path: displayName,
                    reason: "the gzip data is corrupt near byte offset \(rawTotal - UInt64(rawEnd - rawStart)): \(message)")
            }
        }
        return produced
    }
}
