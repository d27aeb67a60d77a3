import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// Many output files written at once (one per contract and category), within a bounded
/// number of open file descriptors and a bounded amount of buffered memory.
///
/// Buffers are chains of 1 KiB chunks from one store of at most `memoryBudget` bytes, so
/// an output holds memory in proportion to what it has waiting (a header-only prison file
/// one chunk, a busy file up to `bufferSize`), growing never copies, and however many
/// outputs there are, buffers never pass the budget. An output that fills `bufferSize` is
/// written out (one `writev` of its chunks). When the store runs out, the outputs holding
/// the most data are written and their chunks freed until a quarter of the store is free
/// again; outputs that receive little stay in memory and are written once, at ``finish()``.
///
/// A file is created when it is first written (at the latest by ``finish()``, so every
/// registered output exists afterwards, empty or not). Files written during the run keep
/// a descriptor from a pool of `maxOpen`; the least recently opened is closed to make room
/// and reopened in append mode if it is written again. Each output's SHA-256 and byte
/// count are computed as it is written, for the manifest.
public final class OutputPool {
    /// An output's chain of chunks and its rows: what a row touches.
    struct Buffer {
        /// The chunk being filled (the last of the chain), nil when the chain is empty.
        var tail: UnsafeMutableRawPointer? = nil
        /// Bytes used in `tail`.
        var tailCount = 0
        /// First and last chunk of the chain (-1 when empty), and its length in chunks.
        var first: Int32 = -1
        var last: Int32 = -1
        var chunks: Int32 = 0
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

    /// The unit of buffer memory: small enough that thousands of nearly empty outputs cost
    /// little (a header fits in one), large enough that most rows land in the current one.
    static let chunkSize = 1 << 10
    /// Chunks allocated at a time, as the store grows towards the budget.
    private static let chunksPerSlab = 256
    /// The most buffers one `writev` takes (Linux's and macOS's `IOV_MAX`).
    private static let maxVectors = 1024

    @exclusivity(unchecked) private var buffers: [Buffer] = []
    @exclusivity(unchecked) private var files: [File] = []

    // The chunk store: slabs of chunks, each chunk's successor in its chain, free chunks.
    private var slabs: [UnsafeMutableRawPointer] = []
    @exclusivity(unchecked) private var next: [Int32] = []
    @exclusivity(unchecked) private var freeChunks: [Int32] = []
    /// Chunks the budget allows.
    private let chunkLimit: Int
    /// Chunks one output may hold before it is written out.
    private let maxChunks: Int32
    /// Chunks in use where relieving memory stops: a quarter of the store free.
    private let lowWater: Int
    private var chunksInUse = 0

    private let maxOpen: Int
    private var openCount = 0
    /// Open outputs in the order they were opened: the oldest is closed to make room.
    private var openOrder: [Int] = []
    private var openHead = 0
    /// Reused by ``relieve()``: outputs holding data.
    private var candidates: [(chunks: Int32, handle: Int)] = []
    /// Reused by ``writeOut(_:)``: one entry per chunk of a chain.
    private let vectors: UnsafeMutablePointer<iovec>

    /// Descriptors opened over the run (a measure of pool churn).
    public private(set) var opens = 0
    /// `writev` calls made over the run.
    public private(set) var writes = 0
    /// The most bytes of buffers held at once over the run (never more than the budget).
    public private(set) var peakBufferedBytes = 0
    /// Bytes of buffers held now (whole chunks).
    public var bufferedBytes: Int { chunksInUse * Self.chunkSize }

    /// A pool of at most `maxOpen` open files and at most `memoryBudget` bytes of buffers,
    /// no output's buffer larger than `bufferSize` (nor a quarter of the budget).
    ///
    /// A busy output is written in `bufferSize` pieces: 256 KiB by default, large enough
    /// that the system call is nothing beside the copy, small enough that a few dozen busy
    /// outputs do not fill the whole budget.
    public init(maxOpen: Int = OutputPool.defaultMaxOpen, bufferSize: Int = 256 << 10, memoryBudget: Int = 64 << 20) {
        self.maxOpen = max(1, maxOpen)
        chunkLimit = max(4, memoryBudget / Self.chunkSize)
        maxChunks = Int32(max(1, min(bufferSize / Self.chunkSize, chunkLimit / 4, Self.maxVectors)))
        lowWater = chunkLimit - chunkLimit / 4
        vectors = .allocate(capacity: Int(maxChunks))
    }

    deinit {
        for slab in slabs { slab.deallocate() }
        vectors.deallocate()
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
        let used = buffers[handle].tailCount
        if let tail = buffers[handle].tail, bytes.count <= Self.chunkSize - used {
            UnsafeMutableRawBufferPointer(start: tail + used, count: bytes.count).copyMemory(from: bytes)
            buffers[handle].tailCount = used + bytes.count
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
            if !files[handle].created { try descriptor(handle) }
            try close(handle)
        }
        return files.indices.map { handle in
            Written(
                path: files[handle].path, rows: buffers[handle].rows, bytes: files[handle].bytes,
                sha256: files[handle].hasher.finalize().hex)
        }
    }

    // MARK: - Chunks

    /// The slow path of ``append(_:_:)``: fills the tail chunk, then adds chunks (or
    /// writes the output out when it holds as much as it may).
    @inline(never)
    private func appendMakingRoom(_ handle: Int, _ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        while !remaining.isEmpty {
            let used = buffers[handle].tailCount
            if let tail = buffers[handle].tail, used < Self.chunkSize {
                let n = min(Self.chunkSize - used, remaining.count)
                UnsafeMutableRawBufferPointer(start: tail + used, count: n)
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: remaining[..<n]))
                buffers[handle].tailCount = used + n
                remaining = UnsafeRawBufferPointer(rebasing: remaining[n...])
            } else if buffers[handle].chunks >= maxChunks {
                try writeOut(handle)
            } else {
                let chunk = try takeChunk()
                // Taking a chunk may have relieved this very output: link to what is left.
                if buffers[handle].last >= 0 {
                    next[Int(buffers[handle].last)] = chunk
                } else {
                    buffers[handle].first = chunk
                }
                buffers[handle].last = chunk
                buffers[handle].chunks += 1
                buffers[handle].tail = address(chunk)
                buffers[handle].tailCount = 0
            }
        }
    }

    /// A free chunk: from the free list, a new slab while the budget allows, or else
    /// after relieving memory.
    private func takeChunk() throws -> Int32 {
        if freeChunks.isEmpty {
            if slabs.count * Self.chunksPerSlab < chunkLimit {
                addSlab()
            } else {
                try relieve()
            }
        }
        guard let chunk = freeChunks.popLast() else {
            preconditionFailure("output pool: no chunk free after relieving memory")
        }
        next[Int(chunk)] = -1
        chunksInUse += 1
        peakBufferedBytes = max(peakBufferedBytes, chunksInUse * Self.chunkSize)
        return chunk
    }

    /// Allocates the next slab of chunks (the last one cut to the budget) and frees them.
    private func addSlab() {
        let start = slabs.count * Self.chunksPerSlab
        let count = min(Self.chunksPerSlab, chunkLimit - start)
        slabs.append(.allocate(byteCount: count * Self.chunkSize, alignment: 64))
        next.append(contentsOf: repeatElement(-1, count: count))
        freeChunks.reserveCapacity(chunkLimit)
        // Pushed in reverse, so chunks are handed out in address order.
        for chunk in (start..<start + count).reversed() { freeChunks.append(Int32(chunk)) }
    }

    @inline(__always)
    private func address(_ chunk: Int32) -> UnsafeMutableRawPointer {
        let index = Int(chunk)
        return slabs[index / Self.chunksPerSlab] + (index % Self.chunksPerSlab) * Self.chunkSize
    }

    /// Frees chunks until a quarter of the store is free: the outputs holding the most are
    /// written out first. Outputs holding little are left alone, so they are written once,
    /// at the end.
    private func relieve() throws {
        candidates.removeAll(keepingCapacity: true)
        for handle in buffers.indices where buffers[handle].chunks > 0 {
            candidates.append((buffers[handle].chunks, handle))
        }
        candidates.sort { $0.chunks > $1.chunks }
        for candidate in candidates {
            try writeOut(candidate.handle)
            if chunksInUse <= lowWater { break }
        }
    }

    // MARK: - Files

    /// Writes output `handle`'s chain to its file (opening it if needed) in one `writev`,
    /// and frees its chunks.
    private func writeOut(_ handle: Int) throws {
        guard buffers[handle].chunks > 0 else { return }
        // One vector per run of chunks that are adjacent in memory (a chain taken from a
        // fresh slab is one run).
        var count = 0
        var total = 0
        var chunk = buffers[handle].first
        while chunk >= 0 {
            let length = chunk == buffers[handle].last ? buffers[handle].tailCount : Self.chunkSize
            let base = address(chunk)
            if count > 0, let previous = vectors[count - 1].iov_base, previous + vectors[count - 1].iov_len == base {
                vectors[count - 1].iov_len += length
            } else {
                vectors[count] = iovec(iov_base: base, iov_len: length)
                count += 1
            }
            total += length
            chunk = next[Int(chunk)]
        }
        for index in 0..<count {
            files[handle].hasher.update(
                bufferPointer: UnsafeRawBufferPointer(start: vectors[index].iov_base, count: vectors[index].iov_len))
        }
        if total > 0 { try writeAll(handle, count: count) }
        files[handle].bytes += UInt64(total)
        // Freed last first, so the next chain taken runs in the same order (reversed by hand:
        // reversing an array slice allocates, once per write-out).
        let start = freeChunks.count
        chunk = buffers[handle].first
        while chunk >= 0 {
            freeChunks.append(chunk)
            chunk = next[Int(chunk)]
        }
        var low = start
        var high = freeChunks.count - 1
        while low < high {
            freeChunks.swapAt(low, high)
            low += 1
            high -= 1
        }
        chunksInUse -= Int(buffers[handle].chunks)
        buffers[handle].tail = nil
        buffers[handle].tailCount = 0
        buffers[handle].first = -1
        buffers[handle].last = -1
        buffers[handle].chunks = 0
    }

    /// Writes `vectors[0..<count]` to output `handle`'s file, resuming after a short write.
    private func writeAll(_ handle: Int, count: Int) throws {
        let fd = try descriptor(handle)
        var start = 0
        while start < count {
            let n = writev(fd, vectors + start, Int32(count - start))
            writes += 1
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: files[handle].path, reason: WriteError.describe(errno))
            }
            var left = n
            while start < count && left >= vectors[start].iov_len {
                left -= vectors[start].iov_len
                start += 1
            }
            if left > 0 {
                vectors[start].iov_base += left
                vectors[start].iov_len -= left
            }
        }
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
