import FuzzSupport
import FuzzZlib
import SpecSplit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// libFuzzer target: the input is the bytes of a CSV file. It is written to a file and read
// by `CSVReader` several ways, and the properties below must hold for any bytes at all.
//
// 1. No crash, no memory error (AddressSanitizer), no trap; the only errors of a complete
//    plain file are an empty input and a malformed header.
// 2. Every row has a status consistent with its field count and error column: `ok` rows
//    have the header's field count, `tooFewFields` fewer, `tooManyFields` more, and a
//    stray or unterminated quote keeps the raw record as one field.
// 3. Line numbers are physical lines: rows start on strictly increasing lines, none past
//    the number of line breaks in the input plus one.
// 4. The writer's quoting hints are sound: a field that must be quoted has its bit in the
//    row's quote mask, and a row's clean text is its fields joined by commas.
// 5. Every byte is read, and `rowsRead` counts every row handed out.
// 6. Chunk edges do not matter: reading in chunks of 1 to 16 bytes into small batches
//    gives the same header, rows, statuses, lines and fields as reading the input in one
//    chunk into one batch (what the default options do with an input this small).
// 7. gzip does not matter: the same bytes compressed (as two gzip members) read the same.
// 8. The field limit only stops a read when some field is really longer than it (or the
//    header is malformed); otherwise the read is the same as without it.
// 9. Round trip: the fields of the well-formed rows, written with `CSVEncoding` under a
//    header of as many columns, read back as the same fields, every row well formed.

/// One row as read.
struct ReadRow: Equatable, CustomStringConvertible {
    var line: Int
    var status: RowStatus
    var errorColumn: Int
    var fields: [[UInt8]]

    var description: String {
        "line \(line) \(status) column \(errorColumn) \(fields.map { String(decoding: $0, as: UTF8.self).debugDescription })"
    }
}

/// Everything one reading of an input gives; the error without its path, so readings of
/// two files compare equal.
struct Reading: Equatable {
    var header: [[UInt8]] = []
    var rows: [ReadRow] = []
    var error: String? = nil

    /// The longest field of the header or of any row.
    var longestField: Int {
        (header + rows.flatMap(\.fields)).map(\.count).max() ?? 0
    }
}

/// A `ReadError` without the input's path.
func pathless(_ error: ReadError) -> String {
    switch error {
    case .cannotOpen(_, let reason): return "cannotOpen(\(reason))"
    case .io(_, let reason): return "io(\(reason))"
    case .noHeader: return "noHeader"
    case .fieldTooLong(_, let line, let column, let limit): return "fieldTooLong(\(line), \(column), \(limit))"
    case .malformedHeader(_, let line, let column, let unclosed):
        return "malformedHeader(\(line), \(column), \(unclosed))"
    }
}

/// Reads `path` whole, checking properties 2 to 5 on the way.
func read(_ path: String, options: CSVReadOptions, batchBytes: Int, inputSize: Int, maxLine: Int) -> Reading {
    var reading = Reading()
    let reader: CSVReader
    do {
        // zlib's buffers at 4 KiB, not 256 KiB: see gzipMember.
        reader = try CSVReader(source: InputSource(path: path, bufferSize: 1 << 12), options: options)
    } catch let error as ReadError {
        reading.error = pathless(error)
        return reading
    } catch {
        fail("CSVReader.init threw \(type(of: error)), not a ReadError: \(error)")
    }
    reading.header = reader.headerBytes
    require(!reader.headerBytes.isEmpty, "an empty header was accepted")
    require(reader.header.count == reader.headerBytes.count, "header names and header bytes differ in count")
    let width = reader.headerBytes.count
    let batch = RowBatch(bytes: batchBytes)
    var lastLine = 0
    do {
        while try reader.next(into: batch) {
            require(batch.count > 0, "next(into:) returned true with an empty batch")
            for row in 0..<batch.count {
                let fields = (0..<batch.fieldCount(row)).map { [UInt8](batch.field(row, $0)) }
                let read = ReadRow(
                    line: batch.line(row), status: batch.status(row), errorColumn: batch.errorColumn(row),
                    fields: fields)
                checkRow(read, batch: batch, row: row, width: width, header: reader.header)
                require(
                    read.line > lastLine,
                    "row \(read) starts on line \(read.line), not after the previous row's line \(lastLine)")
                require(read.line <= maxLine, "row \(read) starts past the last line \(maxLine)")
                lastLine = read.line
                reading.rows.append(read)
            }
        }
    } catch let error as ReadError {
        reading.error = pathless(error)
        return reading
    } catch {
        fail("CSVReader.next threw \(type(of: error)), not a ReadError: \(error)")
    }
    require(
        reader.rowsRead == reading.rows.count, "rowsRead \(reader.rowsRead) but \(reading.rows.count) rows handed out")
    require(
        reader.source.bytesRead == UInt64(inputSize),
        "\(reader.source.bytesRead) bytes read of \(inputSize) (compressed: \(reader.source.isCompressed))")
    return reading
}

/// Properties 2 and 4 for one row.
func checkRow(_ read: ReadRow, batch: RowBatch, row: Int, width: Int, header: [String]) {
    let count = read.fields.count
    switch read.status {
    case .ok:
        require(count == width, "ok row \(read) has \(count) fields, the header \(width)")
        let mask = batch.quoteMask(row)
        for (index, field) in read.fields.enumerated() {
            let mustQuote = field.withUnsafeBytes { CSVEncoding.needsQuotes($0) }
            require(
                !mustQuote || mask & (1 << UInt64(min(index, 63))) != 0,
                "field \(index) of \(read) needs quotes, its mask bit is clear")
        }
        if let clean = batch.cleanText(row) {
            let joined = read.fields.joined(separator: [0x2C]).map { $0 }
            require([UInt8](clean) == joined, "clean text of \(read) is not its fields joined by commas")
        }
    case .tooFewFields:
        require(count >= 1 && count < width, "tooFewFields row \(read) has \(count) fields, the header \(width)")
        require(read.errorColumn == count, "tooFewFields row \(read): error column \(read.errorColumn)")
    case .tooManyFields:
        require(count > width, "tooManyFields row \(read) has \(count) fields, the header \(width)")
        require(read.errorColumn == width, "tooManyFields row \(read): error column \(read.errorColumn)")
    case .strayQuote, .unterminatedQuote:
        require(count == 1, "\(read.status) row \(read) does not hold one raw field")
        require(read.errorColumn >= 0, "\(read.status) row \(read) has no error column")
    }
    let problem = batch.problemDescription(row, header: header)
    require(!problem.isEmpty, "row \(read) has an empty problem description")
}

/// `bytes` as one gzip member. A 512-byte window and the smallest hash table: the inputs
/// are small, and zlib's defaults would allocate and clear a quarter of a megabyte per
/// member, most of the time of an execution.
func gzipMember(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var stream = z_stream()
    let status = ZLIB_VERSION.withCString {
        deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + 9, 1, Z_DEFAULT_STRATEGY, $0,
            Int32(MemoryLayout<z_stream>.size))
    }
    require(status == Z_OK, "deflateInit2 failed: \(status)")
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    let produced = out.withUnsafeMutableBytes { target -> Int in
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(bytes.count)
        stream.next_out = target.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(target.count)
        let result = deflate(&stream, Z_FINISH)
        require(result == Z_STREAM_END, "deflate did not finish: \(result)")
        return target.count - Int(stream.avail_out)
    }
    return Array(out.prefix(produced))
}

/// Writes `bytes` as a gzip file of two members, split in the middle.
func writeGzip(_ path: String, _ bytes: UnsafeRawBufferPointer) {
    let half = bytes.count / 2
    let first = UnsafeRawBufferPointer(rebasing: bytes[0..<half])
    let second = UnsafeRawBufferPointer(rebasing: bytes[half...])
    writeFile(path, gzipMember(first) + gzipMember(second))
}

/// The physical line after the last: one more than the number of line ends (LF, CR).
func lineBound(_ bytes: UnsafeRawBufferPointer) -> Int {
    1 + bytes.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
}

/// Compares two readings, naming where they first differ.
func requireSame(_ expected: Reading, _ actual: Reading, _ what: String) {
    if expected == actual { return }
    if expected.header != actual.header {
        fail("\(what): header \(actual.header) instead of \(expected.header)")
    }
    if expected.error != actual.error {
        fail("\(what): error \(actual.error ?? "none") instead of \(expected.error ?? "none")")
    }
    for (index, (a, b)) in zip(expected.rows, actual.rows).enumerated() where a != b {
        fail("\(what): row \(index) is \(b) instead of \(a)")
    }
    fail("\(what): \(actual.rows.count) rows instead of \(expected.rows.count)")
}

/// Property 9: the well-formed rows written back with `CSVEncoding` read the same.
func checkRoundTrip(_ reading: Reading, directory: String) {
    let width = reading.header.count
    var text: [UInt8] = Array((0..<width).map { "c\($0)" }.joined(separator: ",").utf8) + [0x0A]
    let okRows = reading.rows.filter { $0.status == .ok }
    for row in okRows {
        if row.fields == [[]] {
            // One empty field alone: CSVEncoding writes nothing for it, which reads back as
            // a blank line; an RFC 4180 writer must write `""` (see Fuzz/README.md).
            text += [0x22, 0x22, 0x0A]
            continue
        }
        for (index, field) in row.fields.enumerated() {
            if index > 0 { text.append(0x2C) }
            field.withUnsafeBytes { CSVEncoding.append(field: $0, to: &text) }
        }
        text.append(0x0A)
    }
    let path = directory + "/roundtrip.csv"
    writeFile(path, text)
    var options = CSVReadOptions()
    options.batchBytes = text.count + 64
    let again = text.withUnsafeBytes {
        read(path, options: options, batchBytes: text.count + 64, inputSize: text.count, maxLine: lineBound($0))
    }
    require(again.error == nil, "round trip: reading the written rows failed: \(again.error ?? "")")
    require(again.header.count == width, "round trip: \(again.header.count) header fields instead of \(width)")
    require(again.rows.count == okRows.count, "round trip: \(again.rows.count) rows instead of \(okRows.count)")
    for (original, copy) in zip(okRows, again.rows) {
        require(copy.status == .ok, "round trip: \(original) came back as \(copy)")
        require(copy.fields == original.fields, "round trip: \(original) came back as \(copy)")
    }
}

/// The libFuzzer entry point: checks every property on `data`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let directory = scratchDirectory
    let plain = directory + "/input.csv"
    let compressed = directory + "/input.csv.gz"
    writeFile(plain, bytes)
    let maxLine = lineBound(bytes)
    var random = SplitMix(seed: stableHash(bytes))

    // The reference: one chunk and one batch for the whole input, as with the default
    // options (256 KiB chunks, 1 MiB batches) but without allocating megabytes each time.
    var whole = CSVReadOptions()
    whole.chunkBytes = max(size, 1)
    whole.batchBytes = max(size, 1) + 64
    let reading = read(plain, options: whole, batchBytes: size + 64, inputSize: size, maxLine: maxLine)
    if let error = reading.error {
        require(
            error == "noHeader" || error.hasPrefix("malformedHeader"),
            "the default read of a plain file failed: \(error)")
    }

    var small = CSVReadOptions()
    small.chunkBytes = 1 + random.below(16)
    small.batchBytes = 16 + random.below(256)
    let chunked = read(plain, options: small, batchBytes: 64 + random.below(512), inputSize: size, maxLine: maxLine)
    requireSame(reading, chunked, "chunks of \(small.chunkBytes) bytes, batches of \(small.batchBytes)")

    writeGzip(compressed, bytes)
    let unzipped = read(compressed, options: small, batchBytes: 256, inputSize: size, maxLine: maxLine)
    requireSame(reading, unzipped, "gzip (two members)")

    var limited = small
    limited.maxFieldBytes = 1 + random.below(24)
    let capped = read(plain, options: limited, batchBytes: 256, inputSize: size, maxLine: maxLine)
    if capped.error?.hasPrefix("fieldTooLong") == true {
        // A field over the limit in a malformed header is found before the header fault.
        require(
            reading.longestField > limited.maxFieldBytes || reading.error?.hasPrefix("malformedHeader") == true,
            "\(capped.error!) with a limit of \(limited.maxFieldBytes), but the longest field is \(reading.longestField) bytes"
        )
    } else {
        requireSame(reading, capped, "limit of \(limited.maxFieldBytes) bytes a field")
    }

    if reading.error == nil { checkRoundTrip(reading, directory: directory) }
    return 0
}
