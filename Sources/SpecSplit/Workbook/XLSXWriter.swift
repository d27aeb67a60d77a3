import Foundation
import ZIPFoundation

/// Writes an `.xlsx` workbook (Office Open XML spreadsheet) of plain sheets: text cells and
/// number cells, a bold header row frozen at the top with a filter on it. Rows stream to a
/// scratch file per sheet, so a sheet of a million rows needs no more memory than one of ten;
/// the ZIP package is ZIPFoundation's.
///
/// Text cells are inline strings with the text format (`@`), so codes keep their leading
/// zeros (`03`) and long ids (`980000000001`) stay digits, never numbers in exponent form.
/// Numbers are written as the decimal text given, exactly (a spreadsheet reads them into
/// its own floating point). Every entry carries the same fixed date, so the same sheets
/// give the same bytes.
final class XLSXWriter {
    /// How a column's cells are written.
    enum Kind: Sendable {
        /// Text (a code, an id, a name): always a text cell.
        case text
        /// A count of rows: a whole number, shown with thousands separators.
        case count
        /// An amount (money, activity): a number shown with 2 decimals (all kept).
        case amount
        /// A share (exact to 6 places): a number shown with 6 decimals.
        case share
        /// Any other number, in the spreadsheet's general format.
        case number
    }

    /// The most rows a sheet holds in a spreadsheet program (Excel's limit, the header included).
    static let spreadsheetRows = 1_048_576

    /// The most rows this writer puts in a sheet (the header included).
    let maxRows: Int

    /// The workbook's path.
    let path: String
    private let scratch: String
    private var sheets: [(name: String, part: String, columns: Int, rows: Int)] = []
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private var kinds: [Kind] = []
    private var rowsInSheet = 0
    private var columnRefs: [[UInt8]] = []

    /// A workbook to be written at `path`; sheets are staged in the directory `scratch`; a
    /// sheet holds at most `maxRows` rows.
    init(path: String, scratch: String, maxRows: Int = XLSXWriter.spreadsheetRows) {
        self.path = path
        self.scratch = scratch
        self.maxRows = maxRows
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if let file { fclose(file) }
    }

    /// Starts a sheet named `name` (at most 31 characters) whose columns are `header`, of
    /// `kinds`, `widths` wide (in characters).
    func beginSheet(_ name: String, header: [String], kinds: [Kind], widths: [Int]) throws {
        try endSheet()
        let part = "sheet\(sheets.count + 1).xml"
        let scratchPath = (scratch as NSString).appendingPathComponent(part)
        guard let opened = fopen(scratchPath, "w") else {
            throw WriteError.cannotCreate(path: scratchPath, reason: WriteError.describe(errno))
        }
        file = opened
        self.kinds = kinds
        columnRefs = header.indices.map { Array(("<c r=\"" + CellReference.columnName($0)).utf8) }
        sheets.append((String(name.prefix(31)), part, header.count, 0))
        rowsInSheet = 0
        append(
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
                + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
                + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#
        )
        for (index, width) in widths.enumerated() {
            append(#"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#)
        }
        append("</cols><sheetData>")
        try row(header.map { Array($0.utf8) }, header: true)
    }

    /// True when the current sheet is full (the caller starts another).
    var sheetIsFull: Bool { rowsInSheet >= maxRows }

    /// Appends a row of fields (as bytes, in the sheet's column order). An empty field is
    /// an empty cell. A field of a number column that is not a plain decimal is refused.
    func row(_ fields: [[UInt8]]) throws { try row(fields, header: false) }

    /// Appends a row whose fields `field(i)` gives as bytes for the call.
    func row(count: Int, field: (Int, (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        rowsInSheet += 1
        let number = Array(String(rowsInSheet).utf8)
        append("<row r=\"")
        buffer.append(contentsOf: number)
        append("\">")
        for column in 0..<min(count, kinds.count) {
            try field(column) { bytes in try cell(column, bytes, number: number, header: false) }
        }
        append("</row>")
        try flushIfFull()
    }

    private func row(_ fields: [[UInt8]], header: Bool) throws {
        rowsInSheet += 1
        let number = Array(String(rowsInSheet).utf8)
        append("<row r=\"")
        buffer.append(contentsOf: number)
        append("\">")
        for (column, field) in fields.prefix(kinds.count).enumerated() {
            try field.withUnsafeBytes { try cell(column, $0, number: number, header: header) }
        }
        append("</row>")
        try flushIfFull()
    }

    private func cell(_ column: Int, _ bytes: UnsafeRawBufferPointer, number: [UInt8], header: Bool) throws {
        guard !bytes.isEmpty else { return }
        buffer.append(contentsOf: columnRefs[column])
        buffer.append(contentsOf: number)
        let kind = header ? .text : kinds[column]
        switch kind {
        case .text:
            append(header ? "\" s=\"1\" t=\"inlineStr\"><is><t" : "\" s=\"5\" t=\"inlineStr\"><is><t")
            let edges = bytes.first == 0x20 || bytes.last == 0x20 || bytes.first == 0x09 || bytes.last == 0x09
            append(edges ? " xml:space=\"preserve\">" : ">")
            XLSXText.escape(bytes, into: &buffer)
            append("</t></is></c>")
        case .count, .amount, .share, .number:
            guard XLSXText.isDecimal(bytes) else {
                throw XLSXWriterError(
                    message:
                        "\"\(String(decoding: bytes, as: UTF8.self))\" in column \(CellReference.columnName(column)) "
                        + "of sheet \(sheets.last?.name ?? "") is not a number")
            }
            let style: String
            switch kind {
            case .count: style = "3"
            case .amount: style = "2"
            case .share: style = "4"
            default: style = "0"
            }
            append("\" s=\"\(style)\"><v>")
            buffer.append(
                contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(bytes.first == UInt8(ascii: "+") ? 1 : 0)...]))
            append("</v></c>")
        }
    }

    private func endSheet() throws {
        guard let file else { return }
        let last = CellReference.columnName(max(sheets[sheets.count - 1].columns - 1, 0))
        append("</sheetData><autoFilter ref=\"A1:\(last)\(rowsInSheet)\"/></worksheet>")
        sheets[sheets.count - 1].rows = rowsInSheet
        try flush()
        let failed = fclose(file) != 0
        self.file = nil
        if failed { throw WriteError.io(path: scratch, reason: WriteError.describe(errno)) }
    }

    /// Ends the last sheet and writes the package.
    /// - Throws: ``WriteError`` when it cannot be written.
    func finish() throws {
        try endSheet()
        let date = Date(timeIntervalSince1970: 946_684_800)  // fixed: the same sheets give the same bytes
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        } catch {
            throw WriteError.cannotCreate(path: path, reason: "\(error)")
        }
        do {
            func add(_ entry: String, _ text: String) throws {
                let data = Data(text.utf8)
                try archive.addEntry(
                    with: entry, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                    compressionMethod: .deflate
                ) { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) }
            }
            try add("[Content_Types].xml", XLSXParts.contentTypes(sheets: sheets.count))
            try add("_rels/.rels", XLSXParts.rootRelations)
            try add("xl/workbook.xml", XLSXParts.workbook(sheets: sheets.map { ($0.name, $0.columns, $0.rows) }))
            try add("xl/_rels/workbook.xml.rels", XLSXParts.workbookRelations(sheets: sheets.count))
            try add("xl/styles.xml", XLSXParts.styles)
            for sheet in sheets {
                let scratchPath = (scratch as NSString).appendingPathComponent(sheet.part)
                guard let handle = FileHandle(forReadingAtPath: scratchPath) else {
                    throw WriteError.io(path: scratchPath, reason: "cannot read the staged sheet")
                }
                defer { try? handle.close() }
                let size = try handle.seekToEnd()
                try handle.seek(toOffset: 0)
                try archive.addEntry(
                    with: "xl/worksheets/\(sheet.part)", type: .file, uncompressedSize: Int64(size),
                    modificationDate: date,
                    compressionMethod: .deflate, bufferSize: 1 << 20
                ) { position, chunk in
                    try handle.seek(toOffset: UInt64(position))
                    return try handle.read(upToCount: chunk) ?? Data()
                }
                try? FileManager.default.removeItem(atPath: scratchPath)
            }
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError.io(path: path, reason: "\(error)")
        }
    }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func flushIfFull() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else {
            throw WriteError.io(
                path: (scratch as NSString).appendingPathComponent(sheets.last?.part ?? ""),
                reason: WriteError.describe(errno))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A value that cannot be written as the workbook's column says (a figure that is not a number).
struct XLSXWriterError: SpecSplitError {
    /// What is wrong.
    var message: String
    /// The message.
    var description: String { "cannot write the workbook: \(message)" }
    /// 65: the data given is not what its column says.
    var exitCode: Int32 { ExitStatus.data }
}
