import DequeModule
import Foundation

/// Runs an ``OutputFiles`` on a thread of its own: the working thread hands it chains of
/// chunks to write (and files to register or finish), in order, and takes the written
/// chains back to reuse their chunks. Hashing, creating files and copying into the page
/// cache then take none of the working thread's time.
///
/// The lock is taken once per chain (a few hundred rows of one output), never per row.
/// Jobs run in the order given, so each file receives its chains in order. After a
/// failure, later writes are skipped (their chains still come back, so nothing waits
/// forever) and the failure is thrown to the working thread at its next call.
final class FileWriterThread: @unchecked Sendable {
    enum Job {
        case add(String)
        case write(Chain)
        case finish(Int)
    }

    let files: OutputFiles
    private let store: ChunkStore
    private let condition = NSCondition()
    // The queue's state is guarded by `condition`; unchecked, as dynamic exclusivity checks
    // (a thread-local lookup each) came once per chain.
    @exclusivity(unchecked) private var jobs = Deque<Job>()
    /// Chains written (or skipped after a failure), waiting to be freed by the working thread.
    @exclusivity(unchecked) private var returned: [Chain] = []
    /// Chains handed over and not yet taken back.
    private var outstanding = 0
    private var failure: Error?
    private var stopping = false
    private var cancelled = false
    private let done = Completion()

    init(files: OutputFiles, store: ChunkStore) {
        self.files = files
        self.store = store
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues `job`.
    /// - Throws: the failure of an earlier job, if any (`job` is then not queued).
    func submit(_ job: Job) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        append(job)
    }

    /// Queues `job`; an earlier failure is thrown at the next ``submit(_:)``.
    func enqueue(_ job: Job) {
        condition.lock()
        defer { condition.unlock() }
        append(job)
    }

    private func append(_ job: Job) {
        if case .write = job { outstanding += 1 }
        jobs.append(job)
        condition.broadcast()
    }

    /// Moves the chains written so far into `chains` (which should be empty), waiting for
    /// at least one when `wait` is set and some are outstanding.
    /// - Throws: the failure of an earlier job, if any.
    func takeReturned(into chains: inout [Chain], wait: Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        while wait && returned.isEmpty && outstanding > 0 && failure == nil { condition.wait() }
        if let failure { throw failure }
        outstanding -= returned.count
        swap(&chains, &returned)
    }

    /// Runs every queued job, ends the thread and waits for it.
    /// - Throws: the first failure, if any.
    func stop() throws {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        done.wait()
        if let failure { throw failure }
    }

    /// Drops the queued jobs, ends the thread and waits for it (after an error elsewhere).
    func cancel() {
        condition.lock()
        cancelled = true
        stopping = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard !cancelled, let job = jobs.popFirst() else {
                condition.unlock()
                break
            }
            let failed = failure != nil
            condition.unlock()

            var error: Error?
            if !failed {
                do {
                    switch job {
                    case .add(let path): files.add(path: path)
                    case .write(let chain): try files.write(chain, from: store)
                    case .finish(let handle): try files.finish(handle)
                    }
                } catch let caught {
                    error = caught
                }
            }
            condition.lock()
            if let error, failure == nil { failure = error }
            if case .write(let chain) = job { returned.append(chain) }
            condition.broadcast()
            condition.unlock()
        }
        done.signal()
    }
}
