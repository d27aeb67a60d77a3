import Foundation
import ZIPFoundation

/// Writes small `.xlsx` workbooks for tests, in the parts a spreadsheet program writes:
/// content types, relationships, a workbook part naming the sheets, shared strings, and
/// one worksheet part per sheet. Cells can be shared strings, inline strings, numbers,
/// numbers stored as text, or booleans, so tests can build the shapes real files have.
public struct XLSXBuilder {
    /// One cell's value and how the workbook stores it.
    public enum Cell: Hashable {
        /// A string in the shared-strings part (`t="s"`), as spreadsheet programs write text.
        case text(String)
        /// A string inside the cell (`t="inlineStr"`), as some exporters write text.
        case inline(String)
        /// A number (`<v>` with no type), written as given (`3`, `0.25`, `1.5E-2`).
        case number(String)
        /// A formula's text result (`t="str"`).
        case formulaText(String)
        /// A boolean (`t="b"`).
        case boolean(Bool)
    }

    /// The sheets, in order: a name and rows of cells (nil: an empty cell, not written).
    public var sheets: [(name: String, rows: [[Cell?]])] = []
    /// Leave out the `r` attributes of rows and cells (some producers do).
    public var omitReferences = false

    /// An empty workbook.
    public init() {}

    /// Adds a sheet.
    public mutating func sheet(_ name: String, _ rows: [[Cell?]]) { sheets.append((name, rows)) }

    /// Text cells from strings: empty strings are empty cells; `#12` is the number 12.
    public static func row(_ values: [String]) -> [Cell?] {
        values.map { value in
            if value.isEmpty { return nil }
            if value.hasPrefix("#") { return .number(String(value.dropFirst())) }
            return .text(value)
        }
    }

    /// Writes the workbook to `path` (replacing a file there).
    public func write(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        var shared: [String] = []
        var sharedIndex: [String: Int] = [:]
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var sheetXML: [String] = []
        for sheet in sheets {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            xml += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            for (r, row) in sheet.rows.enumerated() {
                xml += omitReferences ? "<row>" : #"<row r="\#(r + 1)">"#
                for (c, cell) in row.enumerated() {
                    guard let cell else {
                        if omitReferences { xml += "<c/>" }
                        continue
                    }
                    let reference = omitReferences ? "" : #" r="\#(columnName(c))\#(r + 1)""#
                    switch cell {
                    case .text(let text):
                        let index = sharedIndex[text] ?? shared.count
                        if sharedIndex[text] == nil {
                            sharedIndex[text] = index
                            shared.append(text)
                        }
                        xml += #"<c\#(reference) t="s"><v>\#(index)</v></c>"#
                    case .inline(let text):
                        xml +=
                            #"<c\#(reference) t="inlineStr"><is><t xml:space="preserve">\#(escape(text))</t></is></c>"#
                    case .number(let number):
                        xml += #"<c\#(reference) s="1"><v>\#(number)</v></c>"#
                    case .formulaText(let text):
                        xml += #"<c\#(reference) t="str"><f>CONCAT("x")</f><v>\#(escape(text))</v></c>"#
                    case .boolean(let flag):
                        xml += #"<c\#(reference) t="b"><v>\#(flag ? 1 : 0)</v></c>"#
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData></worksheet>"
            sheetXML.append(xml)
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, String)] = []
        var types =
            #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        types +=
            #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
        types +=
            #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in sheets.indices {
            types +=
                #"<Override PartName="/xl/worksheets/sheet\#(index + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        types += "</Types>"
        parts.append(("[Content_Types].xml", types))
        parts.append(
            (
                "_rels/.rels",
                #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ))
        var workbook = #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\#(main)" xmlns:r="\#(relNS)"><sheets>"#
        var relations =
            #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for (index, sheet) in sheets.enumerated() {
            workbook += #"<sheet name="\#(escape(sheet.name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            relations +=
                #"<Relationship Id="rId\#(index + 1)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        relations +=
            #"<Relationship Id="rIdS" Type="\#(relNS)/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        workbook += "</sheets></workbook>"
        parts.append(("xl/workbook.xml", workbook))
        parts.append(("xl/_rels/workbook.xml.rels", relations))
        var strings =
            #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(main)" count="\#(shared.count)" uniqueCount="\#(shared.count)">"#
        for text in shared { strings += #"<si><t xml:space="preserve">\#(escape(text))</t></si>"# }
        strings += "</sst>"
        parts.append(("xl/sharedStrings.xml", strings))
        for (index, xml) in sheetXML.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", xml)) }
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    private func columnName(_ index: Int) -> String {
        var number = index + 1
        var letters = ""
        while number > 0 {
            letters = String(Character(Unicode.Scalar(UInt8(65 + (number - 1) % 26)))) + letters
            number = (number - 1) / 26
        }
        return letters
    }
}
