import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// Many output files written at once (one per contract and category), within a bounded
/// number of open file descriptors and a bounded amount of buffered memory.
///
/// Each output's buffer starts small and doubles as it fills, up to `bufferSize`; an
/// output that fills its largest buffer is written out and keeps the buffer. When growing
/// a buffer would pass the memory budget, the outputs holding the most data are written
/// and their buffers freed until a quarter of the budget is free again. So an output that
/// receives little (a prison file, a small contract) stays in memory and is written once,
/// at ``finish()``, and however many outputs there are, buffers never pass the budget.
///
/// A file is created when it is first written (at the latest by ``finish()``, so every
/// registered output exists afterwards, empty or not). Files written during the run keep
/// a descriptor from a pool of `maxOpen`; the least recently opened is closed to make room
/// and reopened in append mode if it is written again. Each output's SHA-256 and byte
/// count are computed as it is written, for the manifest.
public final class OutputPool {
    /// An output's buffer and rows: what a row touches.
    struct Buffer {
        var base: UnsafeMutableRawPointer? = nil
        var capacity = 0
        var count = 0
        var rows = 0
    }

    /// An output's file: what only a write touches.
    struct File {
        var path: String
        var fd: Int32 = -1
        var created = false
        var bytes: UInt64 = 0
        var hasher = SHA256()
    }

    /// What was written to one output.
    public struct Written: Sendable, Equatable {
        /// The file's path.
        public var path: String
        /// Data rows (not counting the header).
        public var rows: Int
        /// Bytes in the file.
        public var bytes: UInt64
        /// SHA-256 of the file, hex.
        public var sha256: String
    }

    @exclusivity(unchecked) private var buffers: [Buffer] = []
    private var files: [File] = []
    /// The largest buffer one output gets.
    private let maxCapacity: Int
    private let maxOpen: Int
    private let memoryBudget: Int
    /// Where relieving memory stops: a quarter of the budget free.
    private let lowWater: Int
    private var openCount = 0
    private var buffered = 0
    /// Open outputs in the order they were opened: the oldest is closed to make room.
    private var openOrder: [Int] = []
    private var openHead = 0
    /// Outputs holding data, reused by ``relieve()``.
    private var candidates: [(count: Int, handle: Int)] = []

    /// The smallest buffer, and the step first buffers are rounded up to.
    static let minimumCapacity = 256

    /// Descriptors opened over the run (a measure of pool churn).
    public private(set) var opens = 0
    /// `write` calls made over the run.
    public private(set) var writes = 0
    /// The most bytes of buffers held at once over the run (never more than the budget).
    public private(set) var peakBufferedBytes = 0
    /// Bytes of buffers held now.
    public var bufferedBytes: Int { buffered }

    /// A pool of at most `maxOpen` open files and at most `memoryBudget` bytes of buffers,
    /// no output's buffer larger than `bufferSize` (nor a quarter of the budget).
    public init(maxOpen: Int = OutputPool.defaultMaxOpen, bufferSize: Int = 1 << 20, memoryBudget: Int = 64 << 20) {
        self.maxOpen = max(1, maxOpen)
        self.memoryBudget = max(memoryBudget, 4 * Self.minimumCapacity)
        self.maxCapacity = min(max(bufferSize, Self.minimumCapacity), self.memoryBudget / 4)
        self.lowWater = self.memoryBudget - self.memoryBudget / 4
    }

    deinit {
        for buffer in buffers { free(buffer.base) }
        for file in files where file.fd >= 0 { Glibc.close(file.fd) }
    }

    /// Most of the process's open-files limit (raised first to its hard limit), leaving
    /// room for inputs and reports: between 16 and 65,536.
    public static var defaultMaxOpen: Int {
        raiseOpenFilesLimit()
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 256 }
        let usable = limit.rlim_cur > 256 ? limit.rlim_cur - 128 : limit.rlim_cur / 2
        return Int(min(max(usable, 16), 65_536))
    }

    /// Raises the soft open-files limit to the hard limit (what the administrator allows),
    /// so thousands of contracts can keep their files open instead of reopening them.
    public static func raiseOpenFilesLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Registers an output file; returns its handle. Nothing is created until it is
    /// written, or ``finish()`` is called.
    public func add(path: String) -> Int {
        buffers.append(Buffer())
        files.append(File(path: path))
        return files.count - 1
    }

    /// The number of outputs registered.
    public var count: Int { files.count }

    /// The path of output `handle`.
    public func path(_ handle: Int) -> String { files[handle].path }

    /// Appends bytes to output `handle`.
    ///
    /// - Throws: ``WriteError`` when making room means writing a file, and that fails.
    @inline(__always)
    public func append(_ handle: Int, _ bytes: UnsafeRawBufferPointer) throws {
        let count = buffers[handle].count
        if let base = buffers[handle].base, bytes.count <= buffers[handle].capacity - count {
            UnsafeMutableRawBufferPointer(start: base + count, count: bytes.count).copyMemory(from: bytes)
            buffers[handle].count = count + bytes.count
            return
        }
        try appendMakingRoom(handle, bytes)
    }

    /// Counts a data row written to output `handle`.
    @inline(__always)
    public func countRow(_ handle: Int) { buffers[handle].rows += 1 }

    /// Writes what is buffered, creates every output not yet written (so each exists,
    /// empty or not), closes every file, and returns what was written to each.
    ///
    /// - Throws: ``WriteError`` naming the file that could not be created or written.
    public func finish() throws -> [Written] {
        for handle in files.indices {
            try writeOut(handle)
            release(handle)
            if !files[handle].created { try descriptor(handle) }
            try close(handle)
        }
        return files.indices.map { handle in
            Written(
                path: files[handle].path, rows: buffers[handle].rows, bytes: files[handle].bytes,
                sha256: files[handle].hasher.finalize().hex)
        }
    }

    // MARK: - Buffers

    /// The slow path of ``append(_:_:)``: grows the buffer, or writes a full largest one out.
    @inline(never)
    private func appendMakingRoom(_ handle: Int, _ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        while !remaining.isEmpty {
            let count = buffers[handle].count
            let room = buffers[handle].capacity - count
            if let base = buffers[handle].base, room > 0 {
                let n = min(room, remaining.count)
                UnsafeMutableRawBufferPointer(start: base + count, count: n)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: remaining[..<n]))
                buffers[handle].count = count + n
                remaining = UnsafeRawBufferPointer(rebasing: remaining[n...])
            } else if buffers[handle].capacity < maxCapacity {
                try grow(handle, toHold: count + remaining.count)
            } else {
                try writeOut(handle)
            }
        }
    }

    /// Grows output `handle`'s buffer (at least doubling it, up to the largest) to hold
    /// `needed` bytes, first relieving memory if the budget requires it.
    private func grow(_ handle: Int, toHold needed: Int) throws {
        let old = buffers[handle].capacity
        let rounded = (needed + Self.minimumCapacity - 1) / Self.minimumCapacity * Self.minimumCapacity
        let size = min(maxCapacity, max(old * 2, rounded))
        if buffered + size - old > memoryBudget {
            try relieve()
            // Relieving may have written and freed this very buffer: the caller sizes it again.
            if buffers[handle].capacity != old { return }
        }
        guard let base = realloc(buffers[handle].base, size) else {
            fatalError("out of memory: cannot grow an output buffer of \(files[handle].path) to \(size) bytes")
        }
        buffers[handle].base = base
        buffers[handle].capacity = size
        buffered += size - old
        peakBufferedBytes = max(peakBufferedBytes, buffered)
    }

    /// Frees memory until a quarter of the budget is free: empty buffers first (no write
    /// needed), then the outputs holding the most data are written and their buffers freed.
    /// Outputs holding little are left alone, so they are written once, at the end.
    private func relieve() throws {
        candidates.removeAll(keepingCapacity: true)
        for handle in buffers.indices where buffers[handle].capacity > 0 {
            if buffers[handle].count == 0 {
                release(handle)
            } else {
                candidates.append((buffers[handle].count, handle))
            }
        }
        guard buffered > lowWater else { return }
        candidates.sort { $0.count > $1.count }
        for candidate in candidates {
            try writeOut(candidate.handle)
            release(candidate.handle)
            if buffered <= lowWater { break }
        }
    }

    /// Frees output `handle`'s buffer (which must have been written out).
    private func release(_ handle: Int) {
        guard let base = buffers[handle].base else { return }
        free(base)
        buffered -= buffers[handle].capacity
        buffers[handle].base = nil
        buffers[handle].capacity = 0
    }

    // MARK: - Files

    /// Writes output `handle`'s buffered bytes to its file (opening it if needed) and
    /// empties the buffer, keeping it.
    private func writeOut(_ handle: Int) throws {
        guard buffers[handle].count > 0, let base = buffers[handle].base else { return }
        let fd = try descriptor(handle)
        let data = UnsafeRawBufferPointer(start: base, count: buffers[handle].count)
        files[handle].hasher.update(bufferPointer: data)
        var pointer = UnsafeRawPointer(base)
        var remaining = data.count
        while remaining > 0 {
            let n = write(fd, pointer, remaining)
            writes += 1
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: files[handle].path, reason: WriteError.describe(errno))
            }
            pointer += n
            remaining -= n
        }
        files[handle].bytes += UInt64(data.count)
        buffers[handle].count = 0
    }

    /// Output `handle`'s descriptor, opening (or creating) its file if needed.
    @discardableResult
    private func descriptor(_ handle: Int) throws -> Int32 {
        if files[handle].fd >= 0 { return files[handle].fd }
        if openCount >= maxOpen { try closeOldest() }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (files[handle].created ? O_APPEND : O_TRUNC)
        let fd = open(files[handle].path, flags, 0o644)
        if fd < 0 {
            let code = errno
            if code == ENOSPC || code == EIO || code == EDQUOT {
                throw WriteError.io(path: files[handle].path, reason: WriteError.describe(code))
            }
            throw WriteError.cannotCreate(path: files[handle].path, reason: WriteError.describe(code))
        }
        opens += 1
        files[handle].fd = fd
        files[handle].created = true
        openCount += 1
        openOrder.append(handle)
        return fd
    }

    /// Closes output `handle`'s file if it is open.
    private func close(_ handle: Int) throws {
        guard files[handle].fd >= 0 else { return }
        let status = Glibc.close(files[handle].fd)
        files[handle].fd = -1
        openCount -= 1
        if status != 0 { throw WriteError.io(path: files[handle].path, reason: WriteError.describe(errno)) }
    }

    /// Closes the least recently opened file still open.
    private func closeOldest() throws {
        while openHead < openOrder.count {
            let victim = openOrder[openHead]
            openHead += 1
            if files[victim].fd >= 0 {
                try close(victim)
                break
            }
        }
        if openHead > 4096 && openHead * 2 > openOrder.count {
            openOrder.removeFirst(openHead)
            openHead = 0
        }
    }
}
