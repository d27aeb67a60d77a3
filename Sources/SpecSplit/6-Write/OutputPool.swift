import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// Many output files written at once (one per contract and category), within a bounded
/// number of open file descriptors and a bounded amount of buffered memory.
///
/// Each output has a small buffer allocated on its first row; a full buffer is written
/// through a descriptor from a least-recently-used pool (a file closed to make room is
/// reopened in append mode later). When all buffers together pass the memory budget,
/// every buffer is flushed and freed. Each output's SHA-256 and byte count are computed
/// as it is written, for the manifest.
public final class OutputPool {
    struct Output {
        var path: String
        var fd: Int32 = -1
        var created = false
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var capacity = 0
        var count = 0
        var bytes: UInt64 = 0
        var rows = 0
        var hasher = SHA256()
    }

    /// What was written to one output.
    public struct Written: Sendable, Equatable {
        /// The file's path.
        public var path: String
        /// Data rows (not counting the header).
        public var rows: Int
        /// Bytes in the file.
        public var bytes: UInt64
        /// SHA-256 of the file, hex.
        public var sha256: String
    }

    private var outputs: [Output] = []
    /// The largest buffer one output gets; with many outputs each gets its share of the budget.
    private let bufferSize: Int
    private let maxOpen: Int
    private let memoryBudget: Int
    private var openCount = 0
    private var buffered = 0
    /// Open outputs in the order they were opened: the oldest is closed to make room.
    private var openOrder: [Int] = []
    private var openHead = 0
    /// Descriptors opened over the run (a measure of pool churn).
    public private(set) var opens = 0

    /// A pool of at most `maxOpen` open files and about `memoryBudget` bytes of buffers.
    public init(maxOpen: Int = OutputPool.defaultMaxOpen, bufferSize: Int = 64 << 10, memoryBudget: Int = 64 << 20) {
        self.maxOpen = max(1, maxOpen)
        self.bufferSize = max(bufferSize, 256)
        self.memoryBudget = max(memoryBudget, self.bufferSize)
    }

    deinit {
        for output in outputs {
            output.buffer?.deallocate()
            if output.fd >= 0 { Glibc.close(output.fd) }
        }
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

    /// Registers an output file; returns its handle. Nothing is created until it is written.
    public func add(path: String) -> Int {
        outputs.append(Output(path: path))
        return outputs.count - 1
    }

    /// The number of outputs registered.
    public var count: Int { outputs.count }

    /// The path of output `handle`.
    public func path(_ handle: Int) -> String { outputs[handle].path }

    /// Appends bytes to output `handle`.
    @inline(__always)
    public func append(_ handle: Int, _ bytes: UnsafeRawBufferPointer) throws {
        var remaining = bytes
        while !remaining.isEmpty {
            if outputs[handle].buffer == nil { try allocateBuffer(handle) }
            let room = outputs[handle].capacity - outputs[handle].count
            if room == 0 {
                try flush(handle)
                continue
            }
            let n = min(room, remaining.count)
            (outputs[handle].buffer! + outputs[handle].count).update(
                from: remaining.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            outputs[handle].count += n
            remaining = UnsafeRawBufferPointer(rebasing: remaining[n...])
        }
    }

    /// Counts a data row written to output `handle`.
    @inline(__always)
    public func countRow(_ handle: Int) { outputs[handle].rows += 1 }

    /// Makes sure output `handle` exists on disk even if nothing more is written.
    public func touch(_ handle: Int) throws {
        if !outputs[handle].created { try descriptor(handle) }
    }

    /// Flushes every output, closes every file, and returns what was written to each.
    public func finish() throws -> [Written] {
        for handle in outputs.indices {
            try flush(handle)
            outputs[handle].buffer?.deallocate()
            outputs[handle].buffer = nil
            if outputs[handle].fd >= 0 {
                if Glibc.close(outputs[handle].fd) != 0 {
                    throw WriteError.io(path: outputs[handle].path, reason: WriteError.describe(errno))
                }
                outputs[handle].fd = -1
                openCount -= 1
            }
        }
        return outputs.map { output in
            return Written(path: output.path, rows: output.rows, bytes: output.bytes, sha256: output.hasher.finalize().hex)
        }
    }

    private func allocateBuffer(_ handle: Int) throws {
        // Each output's share of the budget, between 4 KiB and the full buffer size.
        let size = min(bufferSize, max(4096, memoryBudget / max(outputs.count, 1)))
        if buffered + size > memoryBudget { try spillAll() }
        outputs[handle].buffer = .allocate(capacity: size)
        outputs[handle].capacity = size
        buffered += size
    }

    /// Flushes and frees every buffer: keeps memory bounded with thousands of outputs.
    private func spillAll() throws {
        for handle in outputs.indices where outputs[handle].buffer != nil {
            try flush(handle)
            outputs[handle].buffer!.deallocate()
            outputs[handle].buffer = nil
        }
        buffered = 0
    }

    private func flush(_ handle: Int) throws {
        guard outputs[handle].count > 0, let buffer = outputs[handle].buffer else { return }
        let fd = try descriptor(handle)
        let data = UnsafeRawBufferPointer(start: buffer, count: outputs[handle].count)
        outputs[handle].hasher.update(bufferPointer: data)
        var pointer = UnsafeRawPointer(buffer)
        var remaining = data.count
        while remaining > 0 {
            let n = write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: outputs[handle].path, reason: WriteError.describe(errno))
            }
            pointer += n
            remaining -= n
        }
        outputs[handle].bytes += UInt64(data.count)
        outputs[handle].count = 0
    }

    @discardableResult
    private func descriptor(_ handle: Int) throws -> Int32 {
        if outputs[handle].fd >= 0 { return outputs[handle].fd }
        if openCount >= maxOpen { try closeOldest() }
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (outputs[handle].created ? O_APPEND : O_TRUNC)
        let fd = open(outputs[handle].path, flags, 0o644)
        if fd < 0 {
            let code = errno
            if code == ENOSPC || code == EIO || code == EDQUOT {
                throw WriteError.io(path: outputs[handle].path, reason: WriteError.describe(code))
            }
            throw WriteError.cannotCreate(path: outputs[handle].path, reason: WriteError.describe(code))
        }
        opens += 1
        outputs[handle].fd = fd
        outputs[handle].created = true
        openCount += 1
        openOrder.append(handle)
        return fd
    }

    private func closeOldest() throws {
        while openHead < openOrder.count {
            let victim = openOrder[openHead]
            openHead += 1
            guard outputs[victim].fd >= 0 else { continue }
            if Glibc.close(outputs[victim].fd) != 0 {
                throw WriteError.io(path: outputs[victim].path, reason: WriteError.describe(errno))
            }
            outputs[victim].fd = -1
            openCount -= 1
            break
        }
        if openHead > 4096 && openHead * 2 > openOrder.count {
            openOrder.removeFirst(openHead)
            openHead = 0
        }
    }
}
