/// The memory behind the output buffers: 1 KiB chunks in slabs, and each chunk's
/// successor in its chain.
///
/// Its tables are allocated at their full size up front (a few hundred KiB for the
/// default budget; pages are touched only as slabs are added), so the file-writing thread
/// can follow a chain it was handed while the working thread adds slabs: nothing it reads
/// ever moves.
final class ChunkStore: @unchecked Sendable {
    static let chunkSize = 1 << 10
    /// Chunks allocated at a time, as the store grows towards its limit.
    static let chunksPerSlab = 256

    /// Chunks the store may hold.
    let limit: Int
    /// Slabs allocated so far.
    private(set) var slabCount = 0
    private let slabs: UnsafeMutablePointer<UnsafeMutableRawPointer>
    /// `next[chunk]`: the chunk after `chunk` in its chain, or -1.
    let next: UnsafeMutablePointer<Int32>

    init(limit: Int) {
        self.limit = limit
        slabs = .allocate(capacity: (limit + Self.chunksPerSlab - 1) / Self.chunksPerSlab)
        next = .allocate(capacity: limit)
    }

    deinit {
        releaseSlabs()
        slabs.deallocate()
        next.deallocate()
    }

    /// Gives back the memory of every slab (when all has been written): what runs after
    /// the buffers, such as sorting the summary, can use it instead of adding to the peak.
    func releaseSlabs() {
        for index in 0..<slabCount { slabs[index].deallocate() }
        slabCount = 0
    }

    /// Bytes of the slabs allocated now.
    var reservedBytes: Int { min(slabCount * Self.chunksPerSlab, limit) * Self.chunkSize }

    /// True while the limit allows another slab.
    var canGrow: Bool { slabCount * Self.chunksPerSlab < limit }

    /// Allocates the next slab (the last one cut to the limit); returns its chunks.
    func addSlab() -> Range<Int32> {
        let start = slabCount * Self.chunksPerSlab
        let count = min(Self.chunksPerSlab, limit - start)
        slabs[slabCount] = .allocate(byteCount: count * Self.chunkSize, alignment: 64)
        slabCount += 1
        (next + start).initialize(repeating: -1, count: count)
        return Int32(start)..<Int32(start + count)
    }

    @inline(__always)
    func address(_ chunk: Int32) -> UnsafeMutableRawPointer {
        let index = Int(chunk)
        return slabs[index / Self.chunksPerSlab] + (index % Self.chunksPerSlab) * Self.chunkSize
    }
}

/// A run of chunks holding the next bytes of one output, handed from the buffers to the
/// files: `first` to `last` through ``ChunkStore/next``, every chunk full but the last.
struct Chain: Sendable {
    var handle: Int
    var first: Int32
    var last: Int32
    /// Bytes used in the last chunk.
    var lastCount: Int
    var chunks: Int32

    /// Calls `body` with each chunk of the chain in order and the bytes it holds. Reads
    /// `next` only up to `last`, so what follows the chain may change meanwhile.
    @inline(__always)
    func forEachChunk(in store: ChunkStore, _ body: (_ chunk: Int32, _ count: Int) throws -> Void) rethrows {
        var chunk = first
        while true {
            let isLast = chunk == last
            try body(chunk, isLast ? lastCount : ChunkStore.chunkSize)
            if isLast { return }
            chunk = store.next[Int(chunk)]
        }
    }
}
