import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A part of a plain file that starts at a row, for one worker to parse: `range` of the
/// file's bytes, the `index`-th in file order.
struct FileBlock: Sendable {
    var index: Int
    var range: Range<UInt64>
    /// The block that ends at the end of the file.
    var isLast: Bool
}

/// Reads a plain file once, in order, on a thread of its own: hashes it (the manifest's
/// SHA-256 is of the whole file, so it cannot be split) and cuts it into blocks of about
/// `blockBytes` that start at a row, which workers then parse in parallel.
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
        path: String, displayName: String, hasher: ContentHasher, blockBytes: Int, queues: [HandoffQueue<FileBlock?>],
        ahead: Int
    ) {
        self.ahead = Permits(ahead)
        let thread = Thread { [self] in
            do {
                try scan(path: path, displayName: displayName, hasher: hasher, blockBytes: UInt64(blockBytes), queues: queues)
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

    private func scan(
        path: String, displayName: String, hasher: ContentHasher, blockBytes: UInt64, queues: [HandoffQueue<FileBlock?>]
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError.cannotOpen(path: displayName, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let capacity = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var offset: UInt64 = 0
        var blockStart: UInt64 = 0
        var index = 0
        /// Inside a quoted field, by the count of quotes since the block's start.
        var quoted = false
        func emit(end: UInt64, isLast: Bool) {
            while !ahead.take(waitingAtMost: 0.05) {
                if isStopping || Cancellation.signalReceived != nil { return }
            }
            if isStopping { return }
            queues[index % queues.count].send(FileBlock(index: index, range: blockStart..<end, isLast: isLast))
            index += 1
            blockStart = end
            quoted = false
        }
        while true {
            try Cancellation.check()
            let count = read(fd, buffer, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError.io(path: displayName, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            hasher.consume(UnsafeRawBufferPointer(start: buffer, count: count))
            if isStopping {
                offset += UInt64(count)
                continue
            }
            var position = 0
            while position < count {
                let here = offset + UInt64(position)
                let threshold = blockStart + blockBytes
                if here < threshold {
                    // Before the block is big enough only the quotes' parity matters.
                    let stretch = Int(min(UInt64(count - position), threshold - here))
                    if Self.quoteCountIsOdd(buffer + position, stretch) { quoted.toggle() }
                    position += stretch
                    continue
                }
                // Big enough: cut after the first line feed outside quotes.
                let byte = buffer[position]
                position += 1
                if byte == 0x22 {
                    quoted.toggle()
                } else if byte == 0x0A && !quoted {
                    emit(end: offset + UInt64(position), isLast: false)
                    if isStopping { break }  // no more cuts: the rest is only hashed
                }
            }
            offset += UInt64(count)
        }
        if !isStopping { emit(end: offset, isLast: true) }
    }

    /// Whether `count` bytes at `bytes` hold an odd number of quotes: eight bytes at a time,
    /// a quote byte turned into one bit and the bits counted.
    @inline(__always)
    static func quoteCountIsOdd(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var total = 0
        var index = 0
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ 0x2222_2222_2222_2222
            // A zero byte (a quote) sets its high bit: exact with the carry-free form.
            let zero = ~(((word & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)
            total &+= zero.nonzeroBitCount
            index += 8
        }
        while index < count {
            if bytes[index] == 0x22 { total &+= 1 }
            index += 1
        }
        return total & 1 == 1
    }
}
