#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output could not be written.
public enum WriteError: SpecSplitError, Equatable {
    /// The file or directory could not be created.
    case cannotCreate(path: String, reason: String)
    /// A write failed (a full disk, an I/O error).
    case io(path: String, reason: String)
    /// The output is already there and replacing it was not asked for.
    case exists(path: String)
    /// Another run holds the lock on the output.
    case locked(path: String)
    /// What is at the path is not specsplit's to replace; `reason` says why and what to do.
    case refused(path: String, reason: String)

    /// What went wrong, where, and what to do.
    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            return "\(path): cannot create output: \(reason). Check the directory exists and is writable."
        case .io(let path, let reason) where path == StandardStreams.outputName:
            return "\(path): write failed: \(reason). Check where standard output goes (a full disk, a closed pipe)."
        case .io(let path, let reason):
            return "\(path): write failed: \(reason). Free space on that disk (or choose another --out) and run again."
        case .exists(let path):
            return "\(path): the output already exists. Choose another --out, or pass --force to replace it."
        case .locked(let path):
            return "\(path): another specsplit run is writing this output (lock \(path).lock is held). "
                + "Try again when it has finished (exit 75: temporary)."
        case .refused(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    /// The file concerned.
    public var location: ErrorLocation? {
        switch self {
        case .cannotCreate(let path, _), .io(let path, _), .exists(let path), .locked(let path), .refused(let path, _):
            return ErrorLocation(file: path)
        }
    }

    /// The sysexits code for this error: 73 can't create (or already there), 74 I/O error,
    /// 75 locked by another run (try again later).
    public var exitCode: Int32 {
        switch self {
        case .cannotCreate, .exists, .refused: return ExitStatus.cannotCreate
        case .io: return ExitStatus.ioError
        case .locked: return ExitStatus.temporaryFailure
        }
    }

    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return code == EFBIG ? text + " (the file-size limit, ulimit -f, was reached; raise it)" : text
    }
}

/// Writes CSV rows to a file through a large buffer: fields are quoted only when they
/// must be (``CSVEncoding``), bytes are copied, nothing is a `String` on the way.
///
/// A writer can be closed and reopened in append mode, so a bounded pool of open files
/// can serve thousands of outputs.
public final class CSVWriter {
    /// The file written.
    public let path: String
    private var fd: Int32 = -1
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var fieldsInRow = 0
    /// Rows written (complete lines).
    public private(set) var rows = 0
    /// Bytes written to the file so far.
    public private(set) var bytesWritten: UInt64 = 0
    /// The digest of the bytes written, when the writer was made with one.
    private var hasher: ContentDigest?
    /// Create the file only if nothing is there, never through a link (a run's outputs).
    private let exclusive: Bool
    private var created = false

    /// Creates (or truncates) `path` for writing; with `exclusive`, creates it only if
    /// nothing (not even a link) is there, and reopens it only if it is not a link.
    /// - Throws: ``WriteError/cannotCreate(path:reason:)``.
    public init(
        path: String, bufferSize: Int = 1 << 16, append: Bool = false, digest: DigestAlgorithm? = nil, exclusive: Bool = false
    ) throws {
        self.path = path
        self.exclusive = exclusive
        hasher = digest.map(ContentDigest.init)
        capacity = max(bufferSize, 4096)
        buffer = .allocate(capacity: capacity)
        // Every stored property is set: if this throws, deinit runs and frees the buffer
        // (freeing it here as well was a double free).
        try open(append: append)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
        buffer.deallocate()
    }

    /// True while the file is open.
    public var isOpen: Bool { fd >= 0 }

    /// Opens the file again (append) after ``suspend()``.
    public func open(append: Bool = true) throws {
        guard fd < 0 else { return }
        if exclusive {
            fd = created ? try FileSystem.reopen(path) : try FileSystem.create(path)
            created = true
            return
        }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        fd = Glibc.open(path, flags, 0o644)
        if fd < 0 { throw WriteError.cannotCreate(path: path, reason: WriteError.describe(errno)) }
    }

    /// Flushes and closes the file descriptor, keeping the writer to reopen later.
    public func suspend() throws {
        try flush()
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    /// Appends one field of the current row, quoted if needed.
    @inline(__always)
    public func writeField(_ field: UnsafeRawBufferPointer) throws {
        let worst = field.count * 2 + 3
        if count + worst > capacity {
            try flush()
            if worst > capacity {  // a field larger than the buffer: encode it on its own
                var out: [UInt8] = fieldsInRow > 0 ? [0x2C] : []
                fieldsInRow += 1
                CSVEncoding.append(field: field, to: &out)
                try out.withUnsafeBytes { try writeAll($0) }
                return
            }
        }
        if fieldsInRow > 0 {
            buffer[count] = 0x2C
            count += 1
        }
        fieldsInRow += 1
        if !CSVEncoding.needsQuotes(field) {
            if let base = field.baseAddress {
                (buffer + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: field.count)
            }
            count += field.count
            return
        }
        count += CSVEncoding.writeQuoted(field, to: buffer + count)
    }

    /// Appends one field given as a string.
    public func writeField(_ field: String) throws {
        var copy = field
        try copy.withUTF8 { try writeField(UnsafeRawBufferPointer($0)) }
    }

    /// Appends bytes that are already encoded CSV (one or more complete fields).
    public func writeEncoded(_ bytes: UnsafeRawBufferPointer) throws {
        if count + bytes.count + 1 > capacity { try flush() }
        if fieldsInRow > 0 {
            buffer[count] = 0x2C
            count += 1
        }
        fieldsInRow += 1
        if bytes.count + 1 > capacity {
            try flush()
            try writeAll(bytes)
            return
        }
        if let base = bytes.baseAddress {
            (buffer + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        count += bytes.count
    }

    /// Ends the current row with LF.
    @inline(__always)
    public func endRow() throws {
        if count + 1 > capacity { try flush() }
        buffer[count] = 0x0A
        count += 1
        fieldsInRow = 0
        rows += 1
    }

    /// Writes a whole row of strings.
    public func writeRow(_ fields: [String]) throws {
        for field in fields { try writeField(field) }
        try endRow()
    }

    /// Writes the buffer to the file.
    public func flush() throws {
        guard count > 0 else { return }
        if fd < 0 { try open(append: true) }
        try writeAll(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    /// What was written, for a manifest: `rows` data rows, the bytes, and the digest
    /// (empty unless made with one).
    public func written(rows: Int) -> OutputPool.Written {
        OutputPool.Written(
            path: path, rows: rows, bytes: bytesWritten, digest: digest ?? "", algorithm: hasher?.algorithm ?? .sha256)
    }

    /// The digest (hex) of everything written so far; nil unless made with one.
    public var digest: String? { hasher?.hex() }

    /// Flushes, syncs and closes the file.
    public func close(sync: Bool = false) throws {
        try flush()
        if fd >= 0 {
            if sync && fsync(fd) != 0 {
                let reason = WriteError.describe(errno)
                Glibc.close(fd)
                fd = -1
                throw WriteError.io(path: path, reason: reason)
            }
            if Glibc.close(fd) != 0 {
                fd = -1
                throw WriteError.io(path: path, reason: WriteError.describe(errno))
            }
            fd = -1
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        if fd < 0 { try open(append: true) }
        while remaining > 0 {
            let n = write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: path, reason: WriteError.describe(errno))
            }
            hasher?.update(UnsafeRawBufferPointer(start: pointer, count: n))
            pointer += n
            remaining -= n
            bytesWritten += UInt64(n)
        }
    }
}
