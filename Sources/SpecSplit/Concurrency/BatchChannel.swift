import Foundation

/// Hands batches from the reading thread to the working thread, and back.
///
/// A fixed set of batches circulates: the reader takes a free batch, fills it, sends it;
/// the worker processes it and gives it back. Memory is bounded by the number of batches,
/// and the lock is taken once per batch (about a megabyte of rows), never per row.
final class BatchChannel: @unchecked Sendable {
    enum Item {
        case batch(PipelineBatch)
        case end
        case failure(Error)
    }

    private let free = HandoffQueue<PipelineBatch>()
    private let ready = HandoffQueue<Item>()

    /// A channel circulating `batches` (more can join with ``recycle(_:)``).
    init(_ batches: [PipelineBatch]) {
        for batch in batches { free.send(batch) }
    }

    /// Reader side: a free batch to fill, or nil once the worker has stopped.
    func takeFree() -> PipelineBatch? { free.receive() }

    /// Reader side: sends an item to the worker.
    func send(_ item: Item) { ready.send(item) }

    /// Worker side: the next item, waiting for the reader.
    func receive() -> Item { ready.receive() ?? .end }

    /// Worker side: gives a processed batch back for refilling (or a new one to circulate).
    func recycle(_ batch: PipelineBatch) { free.send(batch) }

    /// Worker side: stops the reader (after an error); it exits at its next batch.
    func close() { free.cancel() }
}

/// Runs `reader` on its own thread, feeding `channel` until the input ends, an error
/// occurs, a signal arrives or the worker closes the channel. Each batch is passed to
/// `prepare` (normalising, on this thread) before it is sent.
final class ReaderThread: @unchecked Sendable {
    private let done = Completion()

    init(reader: CSVReader, channel: BatchChannel, prepare: @escaping @Sendable (PipelineBatch) -> Void) {
        let done = self.done
        let thread = Thread {
            var sequence = 0
            while let batch = channel.takeFree() {
                do {
                    try Cancellation.check()
                    if try reader.next(into: batch.rows) {
                        batch.sequence = sequence
                        sequence += 1
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
