import CGzip
import SpecSplit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where generated rows go: each call hands over one complete row without its line end.
protocol ExtractSink {
    /// Writes one row and its line end.
    mutating func write(row: UnsafeRawBufferPointer) throws
    /// Flushes and closes.
    mutating func finish() throws
}

/// Plain CSV through the library's ``CSVWriter`` (the row is already encoded).
struct CSVWriterSink: ExtractSink {
    let writer: CSVWriter

    mutating func write(row: UnsafeRawBufferPointer) throws {
        try writer.writeEncoded(row)
        try writer.endRow()
    }

    mutating func finish() throws { try writer.close() }
}

/// Rows collected in memory (tests).
struct MemorySink: ExtractSink {
    var bytes: [UInt8] = []

    mutating func write(row: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: row)
        bytes.append(0x0A)
    }

    mutating func finish() throws {}
}

/// Gzip-compressed CSV through zlib's `gzwrite`, buffered in large blocks, at level 1
/// by default (three times faster than level 6 for a quarter more bytes). zlib writes
/// no file name and a zero time stamp in the gzip header, so output is reproducible.
final class GzipSink: ExtractSink {
    private let name: String
    private var file: gzFile?
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity = 1 << 20
    private var count = 0

    /// Opens `path` for writing, or standard output when `path` is nil.
    init(path: String?, level: Int32 = 1) throws {
        name = path ?? "standard output"
        let mode = "wb\(level)"
        if let path {
            file = gzopen(path, mode)
        } else {
            let fd = dup(STDOUT_FILENO)
            file = fd >= 0 ? gzdopen(fd, mode) : nil
            if file == nil && fd >= 0 { close(fd) }
        }
        guard let file else {
            throw WriteError.cannotCreate(path: name, reason: String(cString: strerror(errno)))
        }
        gzbuffer(file, 1 << 18)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if let file { gzclose(file) }
        buffer.deallocate()
    }

    func write(row: UnsafeRawBufferPointer) throws {
        if count + row.count + 1 > capacity { try flush() }
        if row.count + 1 > capacity {
            try compress(row)
            buffer[0] = 0x0A
            count = 1
            return
        }
        if let base = row.baseAddress {
            (buffer + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: row.count)
        }
        count += row.count
        buffer[count] = 0x0A
        count += 1
    }

    func finish() throws {
        try flush()
        guard let file else { return }
        self.file = nil
        let status = gzclose(file)
        if status != Z_OK {
            throw WriteError.io(path: name, reason: "gzip close failed (zlib status \(status))")
        }
    }

    private func flush() throws {
        try compress(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    private func compress(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file, let base = bytes.baseAddress, bytes.count > 0 else { return }
        let written = gzwrite(file, base, UInt32(bytes.count))
        if written <= 0 || Int(written) != bytes.count {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
            throw WriteError.io(path: name, reason: code == Z_ERRNO ? String(cString: strerror(errno)) : message)
        }
    }
}
