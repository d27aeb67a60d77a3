import DequeModule
import Foundation

/// A first-in, first-out queue between threads: one side sends, the other receives,
/// waiting while the queue is empty. Closing it wakes every waiter; a closed queue hands
/// out what it still holds, then nil.
///
/// What crosses is always a batch or a chain (thousands of rows), never a row: the lock is
/// taken once per batch. Used for the batches between the reading thread and the working
/// thread (``BatchChannel``) and for the chains the working thread hands the file-writing
/// thread (``FileWriterThread``).
final class HandoffQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`; unchecked, as dynamic exclusivity checks (a thread-local
    // lookup each) would come once per item.
    @exclusivity(unchecked) private var items = Deque<Item>()
    @exclusivity(unchecked) private var closed = false

    init() {}

    /// Adds `item` at the back and wakes a waiting receiver. Items sent after ``close()``
    /// are still handed out.
    func send(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.broadcast()
        condition.unlock()
    }

    /// The item at the front, waiting for one while the queue is open; nil once it is closed
    /// and empty.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        return items.popFirst()
    }

    /// Moves every item into `out`, first waiting for at least one when `wait` is set and
    /// the queue is open.
    func receiveAll(into out: inout [Item], wait: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while wait && items.isEmpty && !closed { condition.wait() }
        out.append(contentsOf: items)
        items.removeAll(keepingCapacity: true)
    }

    /// Closes the queue: receivers get what is left, then nil, and no longer wait.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the queue and drops what it holds.
    func cancel() {
        condition.lock()
        closed = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
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

/// A number of permits one thread takes and another gives back, waiting while none is
/// left; unlike a dispatch semaphore, it may be dropped with permits taken.
final class Permits: @unchecked Sendable {
    private let condition = NSCondition()
    private var available: Int

    init(_ count: Int) { available = count }

    /// Takes a permit, waiting at most `seconds` for one; returns whether it got one.
    func take(waitingAtMost seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while available == 0 {
            if !condition.wait(until: deadline) { return false }
        }
        available -= 1
        return true
    }

    /// Gives a permit back.
    func give() {
        condition.lock()
        available += 1
        condition.signal()
        condition.unlock()
    }
}
