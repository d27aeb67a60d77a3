import CLibCSV
import CSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcsv's parser state after a quote inside a quoted field (`FIELD_MIGHT_HAVE_ENDED` in
/// libcsv.c; csv.h does not export the states).
private let fieldMightHaveEnded: Int32 = 3
/// libcsv's parser state inside a field (`FIELD_BEGUN`).
private let fieldBegun: Int32 = 2

/// Options of the CSV reader.
public struct CSVReadOptions: Sendable {
    /// Bytes read from the input per `csv_parse` call.
    public var chunkBytes: Int = 1 << 18
    /// A batch is handed over once it holds about this many bytes of field data.
    public var batchBytes: Int = 1 << 20
    /// The longest field accepted; longer means an unclosed quote (``ReadError/fieldTooLong(path:line:column:limit:)``).
    public var maxFieldBytes: Int = 64 << 20
    /// The input's columns when it carries no header row (a pipe from another program):
    /// the reader then takes its first line as data. Nil: the first non-blank row is the
    /// header.
    public var header: [String]? = nil
    /// Install the no-trim space test on every chunk, even where it cannot change the
    /// result (tests compare the two ways of reading).
    var alwaysTestSpaces = false

    /// Default options.
    public init() {}
}

/// Streams the rows of one CSV input through libcsv into ``RowBatch``es.
///
/// The dialect is RFC 4180 as written, chosen so that field values come through exactly:
/// - libcsv runs in strict mode (`CSV_STRICT | CSV_STRICT_FINI`): a quote inside an
///   unquoted field, text after a closing quote, and a quote left open at the end of the
///   file are errors, reported on their row (``RowStatus``) and never fatal.
/// - Nothing is trimmed: libcsv's default strips spaces and tabs around unquoted
///   fields, so a space test that accepts nothing is installed. libcsv calls it for
///   nearly every byte, so it is installed only for chunks where a space or tab outside
///   quotes touches a separator, a quote or another space (`specsplit_spaces_are_inner`),
///   and for the rest of a chunk after a stray quote: elsewhere libcsv's default reads the
///   same bytes the same way.
/// - CRLF and LF both end rows; a CR or LF inside quotes is kept. A lone CR outside
///   quotes also ends a row (old Mac files): RFC 4180 does not allow it inside an
///   unquoted field, and the writer always quotes fields holding one.
/// - `CSV_REPALL_NL` reports every line end, so blank lines are skipped but counted:
///   line numbers are physical lines, including line breaks inside quoted fields.
/// - A UTF-8 byte-order mark before the header is dropped; the header is the first
///   non-blank row (or given, ``CSVReadOptions/header``, for input without one); a last
///   row without a line break is read.
/// - Bytes are not decoded: invalid UTF-8 and NUL bytes pass through unchanged.
/// A reader is used by one thread at a time; it may be handed to another thread.
public final class CSVReader: @unchecked Sendable {
    /// The input being read.
    public let source: InputSource
    /// The reader's options.
    public let options: CSVReadOptions
    /// The header's column names (BOM removed).
    public private(set) var header: [String] = []
    /// The header's columns as bytes.
    public private(set) var headerBytes: [[UInt8]] = []

    private let parser: UnsafeMutablePointer<csv_parser>
    private let context: UnsafeMutablePointer<ParseContext>
    private let chunk: UnsafeMutableRawPointer
    private var chunkLength = 0
    private var chunkPosition = 0
    /// Bytes of a UTF-8 byte-order mark matched so far at the start of the input (3: done).
    private var byteOrderMarkMatched = 0
    private var finished = false
    /// The last byte of the previous chunk (-1 before the first).
    private var previousByte: Int32 = -1
    /// A stray-quote row whose raw text runs on to the next line break.
    private var skipping: (line: Int, column: Int32)? = nil
    /// Rows handed out so far (not counting the header).
    public private(set) var rowsRead = 0
    /// Whether the input ended between rows: not inside a quoted field, a row or a stray
    /// quote's rest of line (known once ``next(into:)`` has returned false). A block of a
    /// file read in parallel must end so; otherwise its boundary was not a row boundary.
    private(set) var endedBetweenRows = true

    /// Opens `path` (`-` for standard input; gzip or plain) and reads its header.
    /// - Throws: ``ReadError`` when the input cannot be opened or has no header.
    public convenience init(path: String, options: CSVReadOptions = CSVReadOptions()) throws {
        try self.init(source: InputSource(path: path), options: options)
    }

    /// Reads the header of `source`.
    /// - Throws: ``ReadError`` when the input has no header or cannot be read.
    public init(source: InputSource, options: CSVReadOptions = CSVReadOptions()) throws {
        self.source = source
        self.options = options
        parser = .allocate(capacity: 1)
        csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
        csv_set_blk_size(parser, 1 << 16)  // also what lets the field callback read 16 bytes of any field
        context = .allocate(capacity: 1)
        context.initialize(to: ParseContext(storage: RowStorage(bytes: options.batchBytes)))
        chunk = .allocate(byteCount: options.chunkBytes, alignment: 16)
        // Every stored property is set: from here a throw runs deinit, which frees them.
        if let given = options.header {
            guard !given.isEmpty else { throw ReadError.noHeader(path: source.displayName) }
            context.pointee.header = given.map { Array($0.utf8) }
            context.pointee.expectedFields = given.count
        }
        while context.pointee.expectedFields == 0 {
            if try !parseNextChunk() { break }
        }
        let headerBytes = context.pointee.header
        guard !headerBytes.isEmpty else { throw ReadError.noHeader(path: source.displayName) }
        self.headerBytes = headerBytes
        self.header = headerBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads `source` as the continuation of a file whose header has `expectedFields`
    /// columns (`header` names them): a block of a file read in parallel, starting at a row.
    init(source: InputSource, options: CSVReadOptions, header: [String], headerBytes: [[UInt8]]) {
        self.source = source
        self.options = options
        parser = .allocate(capacity: 1)
        csv_init(parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL))
        csv_set_blk_size(parser, 1 << 16)
        context = .allocate(capacity: 1)
        var parseContext = ParseContext(storage: RowStorage(bytes: options.batchBytes))
        parseContext.expectedFields = header.count
        parseContext.header = headerBytes
        context.initialize(to: parseContext)
        chunk = .allocate(byteCount: options.chunkBytes, alignment: 16)
        byteOrderMarkMatched = 3
        self.header = header
        self.headerBytes = headerBytes
    }

    deinit { Self.release(parser, context, chunk) }

    private static func release(
        _ parser: UnsafeMutablePointer<csv_parser>, _ context: UnsafeMutablePointer<ParseContext>,
        _ chunk: UnsafeMutableRawPointer
    ) {
        csv_free(parser)
        parser.deallocate()
        context.pointee.storage.deallocate()
        context.deinitialize(count: 1)
        context.deallocate()
        chunk.deallocate()
    }

    /// The physical line the reader has reached.
    public var line: Int { context.pointee.line }

    /// Refills `batch` with the next rows; returns false when the input is exhausted
    /// and the batch is empty.
    /// - Throws: ``ReadError`` on an I/O error or a field over the size limit.
    public func next(into batch: RowBatch) throws -> Bool {
        // Fill until the batch is big enough and holds at least one complete row, or the
        // input ends (an open row's bytes count towards the size but are not handed over).
        while context.pointee.storage.rowCount == 0
            || (context.pointee.storage.byteCount < options.batchBytes
                && context.pointee.storage.rowCount < 1 << 16)
        {
            if try !parseNextChunk() { break }
        }
        // Hand the complete rows over; the open row (if any) stays to be finished.
        swap(&batch.storage, &context.pointee.storage)
        batch.lineOffset = 0
        context.pointee.storage.removeAll()
        let open = batch.storage.openFieldStart
        for index in open..<batch.storage.fieldCount {
            let field = batch.storage.field(index)
            context.pointee.storage.appendField(field.baseAddress, field.count)
        }
        batch.storage.discardOpenRow()
        rowsRead += batch.storage.rowCount
        return batch.storage.rowCount > 0
    }

    /// Parses the next chunk of input; returns false at the end of the input.
    private func parseNextChunk() throws -> Bool {
        if finished { return false }
        // A block already in memory is parsed where it is; anything else is read into `chunk`.
        var base = chunk
        if let slice = source.borrow(upTo: options.chunkBytes) {
            chunkLength = slice.count
            if let address = slice.baseAddress { base = UnsafeMutableRawPointer(mutating: address) }
        } else {
            chunkLength = try source.read(into: chunk, capacity: options.chunkBytes)
        }
        chunkPosition = 0
        if chunkLength == 0 {
            try finish()
            return false
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        // The chunk starts inside a quoted field when libcsv is in one (FIELD_BEGUN, quoted).
        // The rest of a stray quote's line is not parsed, so its quotes say nothing: test.
        let quoted: Int32 = parser.pointee.pstate == fieldBegun && parser.pointee.quoted != 0 ? 1 : 0
        let inner =
            !options.alwaysTestSpaces && skipping == nil
            && specsplit_spaces_are_inner(bytes, chunkLength, previousByte, quoted) != 0
        parser.pointee.is_space = inner ? nil : csvNoSpace
        previousByte = Int32(bytes[chunkLength - 1])
        if byteOrderMarkMatched < 3 { skipByteOrderMark(bytes) }
        while chunkPosition < chunkLength {
            if skipping != nil {
                skipToLineEnd(bytes)
                continue
            }
            let remaining = chunkLength - chunkPosition
            let start = base + chunkPosition
            let consumed = csv_parse(parser, start, remaining, csvFieldCallback, csvRowCallback, context)
            chunkPosition += consumed
            if consumed < remaining {
                guard csv_error(parser) == CSV_EPARSE else {
                    throw ReadError.io(path: source.displayName, reason: String(cString: csv_strerror(csv_error(parser))))
                }
                // A data row with a stray quote is kept as one bad row; the header cannot be.
                if context.pointee.expectedFields == 0 { throw malformedHeader(unclosedQuote: false) }
                recoverFromStrayQuote()
                // The quotes counted for this chunk's space check no longer say where
                // quoted fields are: test every byte for the rest of it.
                parser.pointee.is_space = csvNoSpace
            }
        }
        // After a quote in a quoted field libcsv keeps the quote (and any spaces after it)
        // in its buffer until the next byte shows whether the field has ended.
        let pending = parser.pointee.pstate == fieldMightHaveEnded ? parser.pointee.spaces + 1 : 0
        if parser.pointee.entry_pos - pending > options.maxFieldBytes {
            let column = context.pointee.storage.fieldCount - context.pointee.storage.openFieldStart
            throw ReadError.fieldTooLong(
                path: source.displayName, line: context.pointee.line - context.pointee.embedded,
                column: columnName(column), limit: options.maxFieldBytes)
        }
        return true
    }

    /// Drops a UTF-8 byte-order mark at the start of the input, even when chunk edges
    /// split it; a partial match that turns out not to be one is parsed as data.
    private func skipByteOrderMark(_ bytes: UnsafeMutablePointer<UInt8>) {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        while byteOrderMarkMatched < 3 && chunkPosition < chunkLength {
            if bytes[chunkPosition] == mark[byteOrderMarkMatched] {
                byteOrderMarkMatched += 1
                chunkPosition += 1
                continue
            }
            if byteOrderMarkMatched > 0 {
                mark.withUnsafeBytes { prefix in
                    _ = csv_parse(parser, prefix.baseAddress, byteOrderMarkMatched, csvFieldCallback, csvRowCallback, context)
                }
            }
            byteOrderMarkMatched = 3
        }
    }

    /// The name of 0-based column `index` for messages.
    public func columnName(_ index: Int) -> String {
        // The parse context has the names as soon as the header row is read, so a field too
        // long in the first chunk (still inside `init`) is named too.
        let names = context.pointee.header
        return index < names.count ? String(decoding: names[index], as: UTF8.self) : "#\(index + 1)"
    }

    /// libcsv stopped at a stray quote: keep what the row had as its raw text, skip to
    /// the end of the line, and carry on with the next row.
    private func recoverFromStrayQuote() {
        let column = context.pointee.storage.fieldCount - context.pointee.storage.openFieldStart
        var raw = openRowAsCSV()
        if parser.pointee.quoted != 0 { raw.append(0x22) }
        raw.append(contentsOf: UnsafeBufferPointer(start: parser.pointee.entry_buf, count: parser.pointee.entry_pos))
        let line = context.pointee.line - context.pointee.embedded
        context.pointee.embedded = 0
        context.pointee.storage.discardOpenRow()
        context.pointee.openRowQuoteMask = 0
        raw.withUnsafeBytes { context.pointee.storage.appendField($0.baseAddress, $0.count) }
        resetParser()
        skipping = (line, Int32(column))
    }

    /// Appends the rest of the current line to the stray-quote row, and closes it at the line
    /// break: an LF, or a CR as for any row (an LF right after it, in this chunk or the next,
    /// is then the rest of a CRLF).
    private func skipToLineEnd(_ bytes: UnsafeMutablePointer<UInt8>) {
        guard let (line, column) = skipping else { return }
        let start = bytes + chunkPosition
        let remaining = chunkLength - chunkPosition
        var length = 0
        while length < remaining && start[length] != 0x0A && start[length] != 0x0D { length += 1 }
        if length < remaining {
            context.pointee.storage.extendLastField(start, length)
            context.pointee.storage.closeRow(line: line, status: .strayQuote, errorColumn: column)
            context.pointee.line += 1
            context.pointee.crPending = start[length] == 0x0D
            chunkPosition += length + 1
            skipping = nil
        } else {
            context.pointee.storage.extendLastField(start, remaining)
            chunkPosition = chunkLength
        }
    }

    /// End of input: flush libcsv, and keep a quote left open as one malformed row.
    /// - Throws: ``ReadError/malformedHeader(path:line:column:unclosedQuote:)`` when the
    ///   quote was opened in the header.
    private func finish() throws {
        finished = true
        endedBetweenRows =
            skipping == nil && parser.pointee.pstate == 0 && parser.pointee.quoted == 0 && parser.pointee.entry_pos == 0
            && context.pointee.storage.openFieldStart == context.pointee.storage.fieldCount
        if let (line, column) = skipping {
            context.pointee.storage.closeRow(line: line, status: .strayQuote, errorColumn: column)
            skipping = nil
            return
        }
        if csv_fini(parser, csvFieldCallback, csvRowCallback, context) != 0 {
            if context.pointee.expectedFields == 0 { throw malformedHeader(unclosedQuote: true) }
            let column = context.pointee.storage.fieldCount - context.pointee.storage.openFieldStart
            var raw = openRowAsCSV()
            raw.append(0x22)
            raw.append(contentsOf: UnsafeBufferPointer(start: parser.pointee.entry_buf, count: parser.pointee.entry_pos))
            let line = context.pointee.line - context.pointee.embedded
            context.pointee.storage.discardOpenRow()
            raw.withUnsafeBytes { context.pointee.storage.appendField($0.baseAddress, $0.count) }
            context.pointee.storage.closeRow(line: line, status: .unterminatedQuote, errorColumn: Int32(column))
            resetParser()
        }
    }

    /// The error for a header row that libcsv stopped in (the row is still open): where it
    /// starts and the 1-based column it stopped in.
    private func malformedHeader(unclosedQuote: Bool) -> ReadError {
        let column = context.pointee.storage.fieldCount - context.pointee.storage.openFieldStart + 1
        return .malformedHeader(
            path: source.displayName, line: context.pointee.line - context.pointee.embedded, column: column,
            unclosedQuote: unclosedQuote)
    }

    private func resetParser() {
        parser.pointee.pstate = 0
        parser.pointee.quoted = 0
        parser.pointee.spaces = 0
        parser.pointee.entry_pos = 0
        parser.pointee.status = 0
    }

    /// The open row's fields so far, written back as CSV with a trailing comma.
    private func openRowAsCSV() -> [UInt8] {
        var out: [UInt8] = []
        let storage = context.pointee.storage
        for index in storage.openFieldStart..<storage.fieldCount {
            CSVEncoding.append(field: storage.field(index), to: &out)
            out.append(0x2C)
        }
        return out
    }
}
