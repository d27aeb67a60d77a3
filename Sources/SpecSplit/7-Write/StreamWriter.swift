import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a byte stream to a file descriptor (standard output) in large blocks: rows are
/// copied into a block, and a block is written once full, with as few `write` calls as the
/// descriptor takes. Nothing is written per row.
///
/// In the background (``init(descriptor:name:blockBytes:background:)`` with `background`),
/// full blocks are written on a thread of their own while the next fills, so copying into a
/// pipe or the page cache takes none of the working thread's time. A failed write (a reader
/// that went away, `EPIPE`; a full disk, `ENOSPC`) is thrown at the next call as a
/// ``StreamWriteError``: a stream is never cut short silently.
final class StreamWriter {
    /// A block of the stream.
    final class Block: @unchecked Sendable {
        let bytes: UnsafeMutableRawPointer
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            bytes = .allocate(byteCount: capacity, alignment: 16)
        }

        deinit { bytes.deallocate() }
    }

    /// The descriptor written to.
    let descriptor: Int32
    /// The name in messages (`standard output`).
    let name: String
    /// Bytes handed to the writer so far.
    private(set) var bytesWritten: UInt64 = 0
    @exclusivity(unchecked) private var current: Block
    private let thread: BlockWriterThread?

    /// A writer to `descriptor`, named `name` in messages, in blocks of `blockBytes`.
    init(descriptor: Int32, name: String, blockBytes: Int = 1 << 20, background: Bool) {
        self.descriptor = descriptor
        self.name = name
        current = Block(capacity: blockBytes)
        thread = background ? BlockWriterThread(descriptor: descriptor, name: name, blockBytes: blockBytes) : nil
    }

    deinit { thread?.cancel() }

    /// Appends `bytes` to the stream.
    /// - Throws: ``StreamWriteError`` when a block could not be written.
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        if current.count &+ bytes.count > current.capacity {
            try appendOverflowing(bytes)
            return
        }
        if let base = bytes.baseAddress {
            (current.bytes + current.count).copyMemory(from: base, byteCount: bytes.count)
        }
        current.count &+= bytes.count
        bytesWritten &+= UInt64(bytes.count)
    }

    /// Appends `bytes` that do not fit in the current block: the block is handed over, and
    /// bytes longer than a block (a row with huge fields) go through blocks a piece at a
    /// time, so the stream keeps its order whichever thread writes.
    @inline(never)
    private func appendOverflowing(_ bytes: UnsafeRawBufferPointer) throws {
        try handOver()
        var rest = bytes
        while rest.count > 0 {
            let piece = min(rest.count, current.capacity - current.count)
            if let base = rest.baseAddress { (current.bytes + current.count).copyMemory(from: base, byteCount: piece) }
            current.count += piece
            bytesWritten &+= UInt64(piece)
            rest = UnsafeRawBufferPointer(rebasing: rest[piece...])
            if rest.count > 0 { try handOver() }
        }
    }

    /// Writes what is buffered, waits for every write to finish, and ends the background thread.
    /// - Throws: ``StreamWriteError`` when any write failed.
    func finish() throws {
        try handOver()
        try thread?.stop()
    }

    /// Writes the current block (or hands it to the thread, taking an empty one back).
    private func handOver() throws {
        guard current.count > 0 else { return }
        if let thread {
            current = try thread.exchange(current)
        } else {
            try Self.write(descriptor, name: name, UnsafeRawBufferPointer(start: current.bytes, count: current.count))
            current.count = 0
        }
    }

    /// Writes all of `bytes` to `descriptor`, resuming after partial writes and interrupts.
    static func write(_ descriptor: Int32, name: String, _ bytes: UnsafeRawBufferPointer) throws {
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = Glibc.write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                throw StreamWriteError(name: name, reason: WriteError.describe(errno))
            }
            next += written
            left -= written
        }
    }
}

/// A write to a stream failed: the stream is cut short (exit 74).
public struct StreamWriteError: SpecSplitError, Equatable {
    /// The stream's name (`standard output`).
    public var name: String
    /// Why (`Broken pipe`, `No space left on device`).
    public var reason: String

    /// What went wrong and what to do.
    public var description: String {
        "\(name): write failed: \(reason). The stream is cut short: check that the program reading it is still "
            + "running and that the disk it writes to has room, then run again."
    }

    /// 74: an I/O error.
    public var exitCode: Int32 { ExitStatus.ioError }
}

/// Writes blocks of a ``StreamWriter`` in order on a thread of its own. Two blocks
/// circulate: one fills while the other is written.
final class BlockWriterThread: @unchecked Sendable {
    private let full = HandoffQueue<StreamWriter.Block>()
    private let empty = HandoffQueue<StreamWriter.Block>()
    private let failure = FirstFailure()
    private let done = Completion()

    init(descriptor: Int32, name: String, blockBytes: Int) {
        empty.send(StreamWriter.Block(capacity: blockBytes))
        let (full, empty, failure, done) = (full, empty, failure, done)
        let thread = Thread {
            while let block = full.receive() {
                if !failure.happened {
                    do {
                        try StreamWriter.write(
                            descriptor, name: name, UnsafeRawBufferPointer(start: block.bytes, count: block.count))
                    } catch {
                        failure.record(error)
                    }
                }
                block.count = 0
                empty.send(block)
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues `block` to be written and returns an empty one (waiting for it if need be).
    /// - Throws: the failure of an earlier write, if any.
    func exchange(_ block: StreamWriter.Block) throws -> StreamWriter.Block {
        try failure.check()
        full.send(block)
        guard let next = empty.receive() else { preconditionFailure("the block writer stopped early") }
        try failure.check()
        return next
    }

    /// Writes every queued block, ends the thread and waits for it.
    /// - Throws: the first failure, if any.
    func stop() throws {
        full.close()
        done.wait()
        try failure.check()
    }

    /// Drops the queued blocks, ends the thread and waits for it.
    func cancel() {
        full.cancel()
        done.wait()
    }
}
