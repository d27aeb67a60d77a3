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
/// written out (its chunks in one `writev`). When the store runs out, the outputs holding
/// the most data are written and their chunks freed until a quarter of the store is free
/// again; outputs that receive little stay in memory and are written once, at ``finish()``.
///
/// The files themselves (``OutputFiles``: created when first written, at the latest by
/// ``finish()``, hashed as written, within `maxOpen` descriptors) are written on the
/// calling thread, or with `background` on a thread of their own (``FileWriterThread``),
/// which takes chains as they are written out and gives their chunks back. Either way each
/// file receives the same bytes in the same order, and buffers stay within the budget
/// (chunks being written count against it).
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

    /// What was written to one output.
    public struct Written: Sendable, Equatable {
        /// The file's path.
        public var path: String
        /// Data rows (not counting the header).
        public var rows: Int
        /// Bytes in the file.
        public var bytes: UInt64
        /// The file's digest, hex.
        public var digest: String
        /// Which digest ``digest`` is.
        public var algorithm: DigestAlgorithm

        public init(path: String, rows: Int, bytes: UInt64, digest: String, algorithm: DigestAlgorithm = .sha256) {
            self.path = path
            self.rows = rows
            self.bytes = bytes
            self.digest = digest
            self.algorithm = algorithm
        }
    }

    /// The unit of buffer memory: small enough that thousands of nearly empty outputs cost
    /// little (a header fits in one), large enough that most rows land in the current one.
    static let chunkSize = ChunkStore.chunkSize

    @exclusivity(unchecked) private var buffers: [Buffer] = []

    private let store: ChunkStore
    @exclusivity(unchecked) private var freeChunks: [Int32] = []
    /// Chunks one output may hold before it is written out.
    private let maxChunks: Int32
    /// Chunks held by buffers where relieving memory stops: a quarter of the store free.
    private let lowWater: Int
    // State touched per chunk or per relief is `@exclusivity(unchecked)`, like `buffers`:
    // the pool is used by one thread, and a dynamic exclusivity check is a thread-local
    // lookup, which relieve's loops over every output would pay thousands of times
    // (Benchmarks/NOTES.md has the measurement).
    /// Chunks not on the free list: in buffers, or being written.
    @exclusivity(unchecked) private var chunksInUse = 0
    /// Chunks handed to the file-writing thread and not yet back.
    @exclusivity(unchecked) private var chunksWriting = 0
    /// Reused: chains back from the file-writing thread.
    @exclusivity(unchecked) private var returned: [Chain] = []

    private let files: OutputFiles
    private let writer: FileWriterThread?
    private var finished = false
    /// Reused by ``relieve()``: outputs holding data, fullest first, and where each size
    /// starts in that order.
    @exclusivity(unchecked) private var candidates: [Int] = []
    @exclusivity(unchecked) private var sizeStarts: [Int] = []

    /// Descriptors opened over the run (a measure of pool churn; final after ``finish()``).
    public var opens: Int { finished || writer == nil ? files.opens : 0 }
    /// `writev` calls made over the run (final after ``finish()``).
    public var writes: Int { finished || writer == nil ? files.writes : 0 }
    /// The most bytes of buffers held at once over the run (never more than the budget).
    @exclusivity(unchecked) public private(set) var peakBufferedBytes = 0
    /// Bytes of buffers held now, including chunks being written (whole chunks).
    public var bufferedBytes: Int { chunksInUse * Self.chunkSize }
    /// Bytes of buffer memory allocated now, in use or free (none after ``finish()``).
    var reservedBytes: Int { store.reservedBytes }

    /// A pool of at most `maxOpen` open files and at most `memoryBudget` bytes of buffers,
    /// no output's buffer larger than `bufferSize` (nor a quarter of the budget); with
    /// `background`, files are written on a thread of their own.
    ///
    /// A busy output is written in `bufferSize` pieces: 64 KiB by default, large enough
    /// that the system call is nothing beside the copy, small enough that a few dozen busy
    /// outputs do not fill the whole budget. What is still buffered when the input ends is
    /// written by one thread while the others wait, so smaller pieces shorten a run's end:
    /// 64 KiB against 256 KiB took 3-4% off the wall time of a 300 MB split on two threads
    /// and 16 MiB off its peak memory (`Benchmarks/NOTES.md`).
    public init(
        maxOpen: Int = OutputPool.defaultMaxOpen, bufferSize: Int = 64 << 10, memoryBudget: Int = 64 << 20,
        background: Bool = false, digest: DigestAlgorithm = .sha256
    ) {
        let chunkLimit = max(4, memoryBudget / Self.chunkSize)
        maxChunks = Int32(max(1, min(bufferSize / Self.chunkSize, chunkLimit / 4, OutputFiles.maxVectors)))
        lowWater = chunkLimit - chunkLimit / 4
        store = ChunkStore(limit: chunkLimit)
        files = OutputFiles(maxOpen: maxOpen, maxChunks: Int(maxChunks), digest: digest)
        writer = background ? FileWriterThread(files: files, store: store) : nil
    }

    deinit {
        // Not finished: a run that failed. Stop writing into what is being thrown away.
        if !finished { writer?.cancel() }
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
        if let writer { writer.enqueue(.add(path)) } else { files.add(path: path) }
        buffers.append(Buffer())
        return buffers.count - 1
    }

    /// The number of outputs registered.
    public var count: Int { buffers.count }

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
    /// empty or not), closes every file, gives the buffers' memory back, and returns what
    /// was written to each. Nothing may be appended after.
    ///
    /// - Throws: ``WriteError`` naming the file that could not be created or written.
    public func finish() throws -> [Written] {
        for handle in buffers.indices {
            try writeOut(handle)
            if let writer { try writer.submit(.finish(handle)) } else { try files.finish(handle) }
        }
        if let writer {
            try writer.stop()
            try reclaim(wait: false)
        }
        finished = true
        freeChunks = []
        store.releaseSlabs()
        return files.written(rows: buffers.map(\.rows))
    }

    // MARK: - Chunks

    /// The slow path of ``append(_:_:)``: fills the tail chunk, then adds chunks (or
    /// writes the output out when it holds as much as it may).
    @inline(never)
    private func appendMakingRoom(_ handle: Int, _ bytes: UnsafeRawBufferPointer) throws {
        precondition(!finished, "output pool: append after finish")
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
                    store.next[Int(buffers[handle].last)] = chunk
                } else {
                    buffers[handle].first = chunk
                }
                buffers[handle].last = chunk
                buffers[handle].chunks += 1
                buffers[handle].tail = store.address(chunk)
                buffers[handle].tailCount = 0
            }
        }
    }

    /// A free chunk: from the free list, from chains written in the background, from a new
    /// slab while the budget allows, or else after relieving memory.
    private func takeChunk() throws -> Int32 {
        if freeChunks.isEmpty && chunksWriting > 0 { try reclaim(wait: false) }
        if freeChunks.isEmpty {
            if store.canGrow {
                addSlab()
            } else {
                try relieve()
            }
        }
        guard let chunk = freeChunks.popLast() else {
            preconditionFailure("output pool: no chunk free after relieving memory")
        }
        store.next[Int(chunk)] = -1
        chunksInUse += 1
        peakBufferedBytes = max(peakBufferedBytes, chunksInUse * Self.chunkSize)
        return chunk
    }

    /// Allocates the next slab of chunks and frees them.
    private func addSlab() {
        let chunks = store.addSlab()
        freeChunks.reserveCapacity(store.limit)
        // Pushed in reverse, so chunks are handed out in address order.
        for chunk in chunks.reversed() { freeChunks.append(chunk) }
    }

    /// Writes out the outputs holding the most until buffers hold at most three quarters of
    /// the store (outputs holding little are left alone, so they are written once, at the
    /// end), then waits, if need be, until chunks written in the background come back.
    private func relieve() throws {
        // A counting sort (no buffer holds more than maxChunks), equal sizes in handle
        // order: relieving comes every 16 MiB written, over every output, so sorting tens
        // of thousands of them by comparisons each time shows in a run with thousands of
        // contracts (Benchmarks/NOTES.md).
        // Place 0 is the fullest (maxChunks chunks), place maxChunks - 1 holds one chunk.
        @inline(__always) func place(_ handle: Int) -> Int { Int(maxChunks - min(buffers[handle].chunks, maxChunks)) }
        let places = Int(maxChunks)
        sizeStarts.removeAll(keepingCapacity: true)
        sizeStarts.append(contentsOf: repeatElement(0, count: places + 1))
        for handle in buffers.indices where buffers[handle].chunks > 0 { sizeStarts[place(handle) + 1] += 1 }
        for size in 0..<places { sizeStarts[size + 1] += sizeStarts[size] }
        candidates.removeAll(keepingCapacity: true)
        candidates.append(contentsOf: repeatElement(0, count: sizeStarts[places]))
        for handle in buffers.indices where buffers[handle].chunks > 0 {
            let at = place(handle)
            candidates[sizeStarts[at]] = handle
            sizeStarts[at] += 1
        }
        for handle in candidates {
            if chunksInUse - chunksWriting <= lowWater { break }
            try writeOut(handle)
        }
        while freeChunks.isEmpty && writer != nil { try reclaim(wait: true) }
    }

    /// Writes output `handle`'s chain (in the background, or here and now) and frees its
    /// buffer.
    private func writeOut(_ handle: Int) throws {
        guard buffers[handle].chunks > 0 else { return }
        let chain = Chain(
            handle: handle, first: buffers[handle].first, last: buffers[handle].last,
            lastCount: buffers[handle].tailCount, chunks: buffers[handle].chunks)
        buffers[handle].tail = nil
        buffers[handle].tailCount = 0
        buffers[handle].first = -1
        buffers[handle].last = -1
        buffers[handle].chunks = 0
        if let writer {
            chunksWriting += Int(chain.chunks)
            try writer.submit(.write(chain))
        } else {
            try files.write(chain, from: store)
            free(chain)
        }
    }

    /// Frees the chunks of chains the file-writing thread has written (waiting for one
    /// with `wait`).
    private func reclaim(wait: Bool) throws {
        guard let writer else { return }
        try writer.takeReturned(into: &returned, wait: wait)
        for chain in returned {
            chunksWriting -= Int(chain.chunks)
            free(chain)
        }
        returned.removeAll(keepingCapacity: true)
    }

    /// Puts a written chain's chunks back on the free list.
    private func free(_ chain: Chain) {
        // Freed last first, so the next chain taken runs in the same order (reversed by hand:
        // reversing an array slice allocates, once per write-out).
        let start = freeChunks.count
        chain.forEachChunk(in: store) { chunk, _ in freeChunks.append(chunk) }
        var low = start
        var high = freeChunks.count - 1
        while low < high {
            freeChunks.swapAt(low, high)
            low += 1
            high -= 1
        }
        chunksInUse -= Int(chain.chunks)
    }
}
