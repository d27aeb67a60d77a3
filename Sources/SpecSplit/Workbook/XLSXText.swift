/// Text and numbers as a sheet's XML holds them.
enum XLSXText {
    /// Appends `bytes` to `out` escaped for a sheet's `<t>` element: `&`, `<` and `>` as
    /// entities; control characters XML cannot hold (and CR, which XML would turn into LF)
    /// as the `_xHHHH_` escapes spreadsheets read; an `_x` that would read as such an escape
    /// with its `_` escaped; bytes that are not UTF-8 as U+FFFD.
    static func escape(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            escapeValid(bytes, into: &out)
        } else {
            var text = String(decoding: bytes, as: UTF8.self)
            text.withUTF8 { escapeValid(UnsafeRawBufferPointer($0), into: &out) }
        }
    }

    private static func escapeValid(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: "_x00".utf8)
                out.append(hex(byte >> 4))
                out.append(hex(byte & 0x0F))
                out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "_") where looksEscaped(bytes, index):
                out.append(contentsOf: "_x005F_".utf8)
            default: out.append(byte)
            }
            index += 1
        }
    }

    /// True when `_` at `index` starts `_xHHHH_`, which a reader would decode.
    private static func looksEscaped(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Bool {
        guard index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x") || bytes[index + 1] == UInt8(ascii: "X"),
            bytes[index + 6] == UInt8(ascii: "_")
        else { return false }
        return (index + 2..<index + 6).allSatisfy { isHex(bytes[$0]) }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func hex(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10 }

    /// True for a plain decimal (`-12`, `1234.56`, `+3`): what a number cell may hold.
    static func isDecimal(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        if bytes.count > 0 && (bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+")) { index = 1 }
        var digits = 0
        var point = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") && !point {
                point = true
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else {
                return false
            }
            index += 1
        }
        return digits > 0
    }
}

/// The fixed parts of an `.xlsx` package: content types, relationships, the workbook part
/// and the styles (0 general, 1 bold header, 2 amounts `#,##0.00`, 3 counts `#,##0`,
/// 4 shares `0.000000`, 5 text `@`).
enum XLSXParts {
    static func contentTypes(sheets: Int) -> String {
        var text =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in 1...max(sheets, 1) where sheets > 0 {
            text +=
                #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return text + "</Types>"
    }

    static let rootRelations =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(sheets: [(name: String, columns: Int, rows: Int)]) -> String {
        var text =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            text += #"<sheet name="\#(attribute(sheet.name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        text += "</sheets><definedNames>"
        for (index, sheet) in sheets.enumerated() {
            let last = CellReference.columnName(max(sheet.columns - 1, 0))
            let name = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            text +=
                #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">"#
                + attribute("\(name)!$A$1:$\(last)$\(max(sheet.rows, 1))") + "</definedName>"
        }
        return text + "</definedNames></workbook>"
    }

    static func workbookRelations(sheets: Int) -> String {
        var text =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 0..<sheets {
            text +=
                #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        text +=
            #"<Relationship Id="rId\#(sheets + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        return text + "</Relationships>"
    }

    static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + ##"<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="0.000000"/></numFmts>"##
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private static func attribute(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
