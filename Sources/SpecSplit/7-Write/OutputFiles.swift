import DequeModule

#if canImport(Glibc)
import Glibc
#endif

/// The file side of the output pool: creating, writing, hashing and closing the files,
/// within `maxOpen` descriptors. Used by one thread at a time: the file-writing thread
/// when the pool has one, otherwise the thread that fills the buffers.
///
/// A file is created when it is first written, or by ``finish(_:)``. Files keep a
/// descriptor from a pool of `maxOpen`; the least recently opened is closed to make room
/// and reopened in append mode if it is written again. Each file's SHA-256 and byte count
/// are computed as it is written.
final class OutputFiles {
    struct File {
        var path: String
        var fd: Int32 = -1
        var created = false
        var bytes: UInt64 = 0
        var hasher: ContentDigest
    }

    /// The most buffers one `writev` takes (Linux's and macOS's `IOV_MAX`).
    static let maxVectors = 1024

    @exclusivity(unchecked) private var files: [File] = []
    private let maxOpen: Int
    private var openCount = 0
    /// Open files in the order they were opened: the oldest is closed to make room.
    @exclusivity(unchecked) private var openOrder = Deque<Int>()
    /// Reused by ``write(_:from:)``: one entry per run of chunks adjacent in memory.
    private let vectors: UnsafeMutablePointer<iovec>

    /// Descriptors opened so far.
    private(set) var opens = 0
    /// `writev` calls made so far.
    private(set) var writes = 0

    /// Which digest each file gets.
    private let digest: DigestAlgorithm

    init(maxOpen: Int, maxChunks: Int, digest: DigestAlgorithm = .sha256) {
        self.maxOpen = max(1, maxOpen)
        self.digest = digest
        vectors = .allocate(capacity: max(1, maxChunks))
    }

    deinit {
        vectors.deallocate()
        for file in files where file.fd >= 0 { Glibc.close(file.fd) }
    }

    func add(path: String) {
        files.append(File(path: path, hasher: ContentDigest(digest)))
    }

    /// Writes `chain` to its file (opening it if needed) in one `writev`, and hashes it.
    func write(_ chain: Chain, from store: ChunkStore) throws {
        var count = 0
        var total = 0
        chain.forEachChunk(in: store) { chunk, length in
            let base = store.address(chunk)
            if count > 0, let previous = vectors[count - 1].iov_base, previous + vectors[count - 1].iov_len == base {
                vectors[count - 1].iov_len += length
            } else {
                vectors[count] = iovec(iov_base: base, iov_len: length)
                count += 1
            }
            total += length
        }
        let handle = chain.handle
        for index in 0..<count {
            files[handle].hasher.update(UnsafeRawBufferPointer(start: vectors[index].iov_base, count: vectors[index].iov_len))
        }
        if total > 0 { try writeAll(handle, count: count) }
        files[handle].bytes += UInt64(total)
    }

    /// Creates file `handle` if it was never written, and closes it.
    func finish(_ handle: Int) throws {
        if !files[handle].created { try descriptor(handle) }
        try close(handle)
    }

    /// What each file received, with `rows[handle]` data rows.
    func written(rows: [Int]) -> [OutputPool.Written] {
        files.indices.map { handle in
            OutputPool.Written(
                path: files[handle].path, rows: rows[handle], bytes: files[handle].bytes,
                digest: files[handle].hasher.hex(), algorithm: digest)
        }
    }

    /// Writes `vectors[0..<count]` to file `handle`, resuming after a short write.
    private func writeAll(_ handle: Int, count: Int) throws {
        let fd = try descriptor(handle)
        var start = 0
        while start < count {
            let n = writev(fd, vectors + start, Int32(count - start))
            writes += 1
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError.io(path: files[handle].path, reason: WriteError.describe(errno))
            }
            var left = n
            while start < count && left >= vectors[start].iov_len {
                left -= vectors[start].iov_len
                start += 1
            }
            if left > 0 {
                vectors[start].iov_base += left
                vectors[start].iov_len -= left
            }
        }
    }

    /// File `handle`'s descriptor, opening (or creating) it if needed.
    @discardableResult
    private func descriptor(_ handle: Int) throws -> Int32 {
        if files[handle].fd >= 0 { return files[handle].fd }
        if openCount >= maxOpen { try closeOldest() }
        // Created only where nothing is (not even a link), reopened never through a link.
        let fd = files[handle].created ? try FileSystem.reopen(files[handle].path) : try FileSystem.create(files[handle].path)
        opens += 1
        files[handle].fd = fd
        files[handle].created = true
        openCount += 1
        openOrder.append(handle)
        return fd
    }

    /// Closes file `handle` if it is open.
    private func close(_ handle: Int) throws {
        guard files[handle].fd >= 0 else { return }
        let status = Glibc.close(files[handle].fd)
        files[handle].fd = -1
        openCount -= 1
        if status != 0 { throw WriteError.io(path: files[handle].path, reason: WriteError.describe(errno)) }
    }

    /// Closes the least recently opened file still open.
    private func closeOldest() throws {
        while let victim = openOrder.popFirst() {
            if files[victim].fd >= 0 {
                try close(victim)
                break
            }
        }
    }
}
