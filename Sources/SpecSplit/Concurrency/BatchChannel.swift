import Foundation

/// Hands batches of parsed and normalised rows from the reading thread to the working thread.
///
/// A fixed set of batches circulates: the reader takes a free batch, fills it, sends it;
/// the worker processes it and gives it back. Memory is bounded by the number of batches,
/// and the lock is taken once per batch (about a megabyte of rows), never per row.
final class BatchChannel: @unchecked Sendable {
    enum Item {
        case batch(NormalisedBatch)
        case end
        case failure(Error)
    }

    private let condition = NSCondition()
    private var ready: [Item] = []
    private var free: [NormalisedBatch]
    private var closed = false

    /// A channel circulating `count` batches of about `bytes` each.
    init(count: Int, bytes: Int) {
        free = (0..<count).map { _ in NormalisedBatch(bytes: bytes) }
    }

    /// Reader side: a free batch to fill, or nil once the worker has stopped.
    func takeFree() -> NormalisedBatch? {
        condition.lock()
        defer { condition.unlock() }
        while free.isEmpty && !closed { condition.wait() }
        return closed ? nil : free.removeLast()
    }

    /// Reader side: sends an item to the worker.
    func send(_ item: Item) {
        condition.lock()
        ready.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// Worker side: the next item, waiting for the reader.
    func receive() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty { condition.wait() }
        return ready.removeFirst()
    }

    /// Worker side: gives a processed batch back for refilling.
    func recycle(_ batch: NormalisedBatch) {
        condition.lock()
        free.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// Worker side: stops the reader (after an error); it exits at its next batch.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Runs `reader` on its own thread, feeding `channel` until the input ends, an error
/// occurs, a signal arrives or the worker closes the channel. Each batch is passed to
/// `prepare` (normalising, on this thread) before it is sent.
final class ReaderThread: @unchecked Sendable {
    private let done = Completion()

    init(reader: CSVReader, channel: BatchChannel, prepare: @escaping @Sendable (NormalisedBatch) -> Void) {
        let done = self.done
        let thread = Thread {
            while let batch = channel.takeFree() {
                do {
                    try Cancellation.check()
                    if try reader.next(into: batch.rows) {
                        prepare(batch)
                        channel.send(.batch(batch))
                    } else {
                        channel.recycle(batch)
                        channel.send(.end)
                        break
                    }
                } catch {
                    channel.recycle(batch)
                    channel.send(.failure(error))
                    break
                }
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the thread to end.
    func join() { done.wait() }
}

/// A one-shot signal between threads.
final class Completion: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = false

    func signal() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func wait() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
