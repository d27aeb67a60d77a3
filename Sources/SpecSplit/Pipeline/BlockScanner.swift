import CSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A part of a plain file that starts at a row, for one worker to parse: `range` of the
/// file's bytes, the `index`-th in file order, and those bytes, read once by the scanner.
struct FileBlock: Sendable {
    var index: Int
    var range: Range<UInt64>
    /// The block that ends at the end of the file.
    var isLast: Bool
    /// The block's bytes; the worker gives the buffer back to the pool once it is parsed.
    var data: BlockBuffer
}

/// Memory holding one block of a file: what the scanner read, parsed by a worker from where
/// it lies (the file is read once, not once to cut it and again to parse it).
final class BlockBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// The bytes in use.
    var count = 0

    init(capacity: Int) {
        base = .allocate(byteCount: max(capacity, 1), alignment: 64)
        self.capacity = max(capacity, 1)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `bytes`, keeping those in use (a row longer than a block).
    func reserve(_ bytes: Int) {
        guard bytes > capacity else { return }
        let grown = max(bytes, capacity * 2)
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 64)
        fresh.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = fresh
        capacity = grown
    }
}

/// The buffers blocks are read into: taken by the scanner, given back by the workers. As many
/// exist as blocks are in flight (the scanner's `ahead` bounds them), so memory stays flat.
final class BlockBufferPool: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: [BlockBuffer] = []
    /// The size a buffer is made with; one grown past four times it (a very long row) is freed.
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func take() -> BlockBuffer {
        lock.lock()
        let buffer = spare.popLast()
        lock.unlock()
        guard let buffer else { return BlockBuffer(capacity: capacity) }
        buffer.count = 0
        return buffer
    }

    func give(_ buffer: BlockBuffer) {
        guard buffer.capacity <= 4 * capacity else { return }
        lock.lock()
        spare.append(buffer)
        lock.unlock()
    }
}

/// Reads a plain file once, in order, on a thread of its own: hashes it (the manifest's
/// SHA-256 is of the whole file, so it cannot be split) and cuts it into blocks of about
/// `blockBytes` that start at a row, read into buffers from `pool`, which workers then
/// parse in parallel where they lie.
///
/// A cut is made after a line feed at which the quotes counted since the block's start are
/// even, so the line feed is not inside a quoted field. A stray quote can make that guess
/// wrong; the block's reader then does not end between rows, and the pipeline reads on from
/// that block in one piece (``RowPipeline``), so the guess never changes a result.
final class BlockScanner: @unchecked Sendable {
    private let done = Completion()
    private let failure = FirstFailure()
    /// Blocks handed out and not yet consumed: the scanner stays at most this far ahead.
    private let ahead: Permits
    private let stopped = Completion()
    private var stopping = false
    private let lock = NSLock()

    /// Scans `path`, handing block `k` to `queues[k % queues.count]` and a nil after the
    /// last to every queue.
    init(
        path: String, displayName: String, hasher: ContentHasher, blockBytes: Int, pool: BlockBufferPool,
        queues: [HandoffQueue<FileBlock?>], ahead: Int
    ) {
        self.ahead = Permits(ahead)
        let thread = Thread { [self] in
            do {
                try scan(
                    path: path, displayName: displayName, hasher: hasher, blockBytes: max(blockBytes, 1), pool: pool,
                    queues: queues)
            } catch {
                failure.record(error)
            }
            for queue in queues { queue.send(nil) }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// A block has been consumed: the scanner may hand out another.
    func consumed() { ahead.give() }

    /// Stops handing out blocks (the file is still read to its end, for its hash).
    func stopCutting() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    /// Waits for the file to be read; throws a read error, if any.
    func join() throws {
        done.wait()
        try failure.check()
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// Bytes read at a time once a block has reached `blockBytes` and its cut is looked for:
    /// what follows the cut is copied into the next block's buffer, so this is kept small.
    static let stepBytes = 64 << 10

    private func scan(
        path: String, displayName: String, hasher: ContentHasher, blockBytes: Int, pool: BlockBufferPool,
        queues: [HandoffQueue<FileBlock?>]
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var current = pool.take()
        /// The offset in the file of the current block's first byte.
        var blockStart: UInt64 = 0
        /// Bytes of the current block looked at for quotes and the cut.
        var scanned = 0
        var index = 0
        /// Inside a quoted field, by the count of quotes since the block's start.
        var quoted = false
        /// Hands the first `end` bytes of the current block out (the rest moves to a fresh
        /// buffer); false when stopping.
        func emit(end: Int, isLast: Bool) -> Bool {
            while !ahead.take(waitingAtMost: 0.05) {
                if isStopping || Cancellation.signalReceived != nil { return false }
            }
            if isStopping { return false }
            let next = pool.take()
            let rest = current.count - end
            if rest > 0 {
                next.reserve(rest)
                next.base.copyMemory(from: current.base + end, byteCount: rest)
                next.count = rest
            }
            current.count = end
            let range = blockStart..<(blockStart + UInt64(end))
            queues[index % queues.count].send(FileBlock(index: index, range: range, isLast: isLast, data: current))
            index += 1
            blockStart = range.upperBound
            current = next
            quoted = false
            return true
        }
        reading: while true {
            try Cancellation.check()
            if isStopping {
                // No more cuts: the rest is only hashed.
                current.count = 0
                scanned = 0
            }
            // Up to the block size in one read; past it, small steps until the cut.
            let want = max(blockBytes - current.count, Self.stepBytes)
            current.reserve(current.count + want)
            let count = read(fd, current.base + current.count, want)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError.io(path: displayName, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            hasher.consume(UnsafeRawBufferPointer(start: current.base + current.count, count: count))
            current.count += count
            if isStopping { continue }
            var position = scanned
            while position < current.count {
                let bytes = current.base.assumingMemoryBound(to: UInt8.self)
                if position < blockBytes {
                    // Before the block is big enough only the quotes' parity matters.
                    let stretch = min(current.count, blockBytes) - position
                    if specsplit_count_quotes(bytes + position, stretch) & 1 == 1 { quoted.toggle() }
                    position += stretch
                    continue
                }
                // Big enough: cut after the first line feed outside quotes.
                let byte = bytes[position]
                position += 1
                if byte == 0x22 {
                    quoted.toggle()
                } else if byte == 0x0A && !quoted {
                    guard emit(end: position, isLast: false) else { continue reading }
                    position = 0  // the rest of what was read, now at the start of the next block
                }
            }
            scanned = position
        }
        if !isStopping { _ = emit(end: current.count, isLast: true) }
    }
}
