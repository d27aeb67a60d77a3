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
    private let jobs = HandoffQueue<Job>()
    /// Chains written (or skipped after a failure), waiting to be freed by the working thread.
    private let returned = HandoffQueue<Chain>()
    /// Chains handed over and not yet taken back (the working thread's count).
    private var outstanding = 0
    private let failure = FirstFailure()
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
        try failure.check()
        enqueue(job)
    }

    /// Queues `job`; an earlier failure is thrown at the next ``submit(_:)``.
    func enqueue(_ job: Job) {
        if case .write = job { outstanding += 1 }
        jobs.send(job)
    }

    /// Moves the chains written so far into `chains` (which should be empty), waiting for
    /// at least one when `wait` is set and some are outstanding.
    /// - Throws: the failure of an earlier job, if any.
    func takeReturned(into chains: inout [Chain], wait: Bool) throws {
        try failure.check()
        returned.receiveAll(into: &chains, wait: wait && outstanding > 0)
        outstanding -= chains.count
        try failure.check()
    }

    /// Runs every queued job, ends the thread and waits for it.
    /// - Throws: the first failure, if any.
    func stop() throws {
        jobs.close()
        done.wait()
        try failure.check()
    }

    /// Drops the queued jobs, ends the thread and waits for it (after an error elsewhere).
    func cancel() {
        jobs.cancel()
        done.wait()
    }

    private func run() {
        while let job = jobs.receive() {
            if !failure.happened {
                do {
                    switch job {
                    case .add(let path): files.add(path: path)
                    case .write(let chain): try files.write(chain, from: store)
                    case .finish(let handle): try files.finish(handle)
                    }
                } catch {
                    failure.record(error)
                }
            }
            if case .write(let chain) = job { returned.send(chain) }
        }
        done.signal()
    }
}

/// The first error of a thread's jobs, seen by another thread.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    /// Keeps `error` unless one is already kept.
    func record(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }

    /// Whether an error has been kept.
    var happened: Bool {
        lock.lock()
        defer { lock.unlock() }
        return error != nil
    }

    /// Throws the kept error, if any.
    func check() throws {
        lock.lock()
        let error = self.error
        lock.unlock()
        if let error { throw error }
    }
}
