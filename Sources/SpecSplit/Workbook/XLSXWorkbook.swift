/// An `.xlsx` workbook (Office Open XML spreadsheet), read directly: the ZIP package
/// (``ZipPackage``), the workbook part for the sheets' names, the shared strings, and each
/// sheet's cells on demand.
///
/// Cells come through as text: shared and inline strings (rich text runs joined, phonetic
/// runs left out, `_x000D_` escapes decoded), numbers in plain decimal (``WorkbookCell``),
/// formula results as stored, booleans as `TRUE`/`FALSE`, errors as written (`#N/A`).
/// Cells are placed by their reference (`AA12`), or one after another when a producer
/// leaves references out. Styles are not read, so a date is its serial number.
public struct XLSXWorkbook: Workbook {
    /// The file, as given.
    public let path: String
    /// The names of the sheets, in workbook order.
    public let sheetNames: [String]
    private let package: ZipPackage
    private let sheetParts: [String: String]
    private let sharedStrings: [String]

    /// Opens the workbook at `path` and reads its sheet names and shared strings.
    /// - Throws: ``WorkbookError`` when it is not a readable `.xlsx` file.
    public init(path: String) throws {
        self.path = path
        package = try ZipPackage(path: path)
        let rootRelations = try XLSXWorkbook.relations(package, "_rels/.rels", base: "")
        let workbookPart =
            rootRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookXML = try package.bytes(of: workbookPart) else {
            throw WorkbookError(
                path: path, message: "no workbook part (\(workbookPart)) in the package: not an .xlsx workbook")
        }
        let base = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relationsPath =
            (base.isEmpty ? "" : base + "/") + "_rels/"
            + (workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let relations = try XLSXWorkbook.relations(package, relationsPath, base: base)
        var names: [String] = []
        var parts: [String: String] = [:]
        var parser = XMLPullParser(workbookXML)
        do {
            while let event = try parser.next() {
                guard case .start("sheet", let attributes) = event, let name = attributes["name"] else { continue }
                guard let id = attributes["id"], let target = relations.first(where: { $0.id == id })?.target else {
                    throw WorkbookError(path: path, message: "sheet \"\(name)\" has no part in the package")
                }
                names.append(name)
                parts[name] = target
            }
        } catch let error as XMLError {
            throw WorkbookError(path: path, message: "\(workbookPart) is not well-formed XML (\(error))")
        }
        sheetNames = names
        sheetParts = parts
        let stringsPart = relations.first { $0.type.hasSuffix("/sharedStrings") }?.target ?? "xl/sharedStrings.xml"
        if let bytes = try package.bytes(of: stringsPart) {
            sharedStrings = try XLSXWorkbook.sharedStrings(bytes, part: stringsPart, path: path)
        } else {
            sharedStrings = []
        }
    }

    /// Reads the sheet named `name`.
    /// - Throws: ``WorkbookError`` when there is no such sheet or its XML is malformed.
    public func sheet(_ name: String) throws -> WorkbookSheet {
        guard let part = sheetParts[name], let bytes = try package.bytes(of: part) else {
            throw WorkbookError(
                path: path, message: "no sheet \"\(name)\" (sheets: \(sheetNames.joined(separator: ", ")))")
        }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        do {
            return WorkbookSheet(name: name, origin: .xlsx(file: file), rows: try readRows(bytes, sheet: name))
        } catch let error as XMLError {
            throw WorkbookError(path: path, message: "sheet \"\(name)\" (\(part)) is not well-formed XML (\(error))")
        }
    }

    // MARK: parts

    private struct Relation {
        var id: String
        var type: String
        var target: String
    }

    /// The relations of a part, targets resolved against `base` (the part's folder).
    private static func relations(_ package: ZipPackage, _ part: String, base: String) throws -> [Relation] {
        guard let bytes = try package.bytes(of: part) else { return [] }
        var parser = XMLPullParser(bytes)
        var result: [Relation] = []
        do {
            while let event = try parser.next() {
                guard case .start("Relationship", let attributes) = event, let id = attributes["Id"],
                    let target = attributes["Target"]
                else { continue }
                if attributes["TargetMode"] == "External" { continue }
                result.append(Relation(id: id, type: attributes["Type"] ?? "", target: resolve(target, base: base)))
            }
        } catch let error as XMLError {
            throw WorkbookError(path: package.path, message: "\(part) is not well-formed XML (\(error))")
        }
        return result
    }

    /// A relation's target as a path in the package: absolute (`/xl/...`) or relative to
    /// `base`, with `..` resolved.
    private static func resolve(_ target: String, base: String) -> String {
        var parts: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for part in target.split(separator: "/") {
            if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    private static func sharedStrings(_ bytes: [UInt8], part: String, path: String) throws -> [String] {
        var parser = XMLPullParser(bytes)
        var strings: [String] = []
        var current = ""
        var inItem = false
        var inText = false
        var phonetic = 0
        do {
            while let event = try parser.next() {
                switch event {
                case .start("si", _): (inItem, current) = (true, "")
                case .end("si"):
                    strings.append(unescape(current))
                    inItem = false
                case .start("rPh", _): phonetic += 1
                case .end("rPh"): phonetic -= 1
                case .start("t", _): inText = inItem && phonetic == 0
                case .end("t"): inText = false
                case .text(let text) where inText: current += text
                default: break
                }
            }
        } catch let error as XMLError {
            throw WorkbookError(path: path, message: "\(part) is not well-formed XML (\(error))")
        }
        return strings
    }

    /// Decodes the `_xHHHH_` escapes spreadsheets write for control characters (`_x000D_`).
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
                let value = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)])), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.append(scalar)
                i += 7
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        scalars.removeAll()
        return String(out)
    }

    // MARK: a sheet's cells

    private func readRows(_ bytes: [UInt8], sheet: String) throws -> [WorkbookRow] {
        var parser = XMLPullParser(bytes)
        var rows: [WorkbookRow] = []
        var row: WorkbookRow?
        var nextRow = 1
        var nextColumn = 0
        var cellColumn = 0
        var cellType = "n"
        var value: String?
        var inline = ""
        var capture: Capture = .none
        var phonetic = 0
        while let event = try parser.next() {
            switch event {
            case .start("row", let attributes):
                let number = attributes["r"].flatMap { Int($0) } ?? nextRow
                row = WorkbookRow(number: number, cells: [])
                nextRow = number + 1
                nextColumn = 0
            case .end("row"):
                if let finished = row, !finished.cells.isEmpty { rows.append(finished) }
                row = nil
            case .start("c", let attributes):
                if let reference = attributes["r"] {
                    guard let parsed = CellReference.parse(reference) else {
                        throw WorkbookError(path: path, message: "sheet \"\(sheet)\": bad cell reference \(reference)")
                    }
                    cellColumn = parsed.column
                } else {
                    cellColumn = nextColumn
                }
                nextColumn = cellColumn + 1
                cellType = attributes["t"] ?? "n"
                value = nil
                inline = ""
            case .end("c"):
                guard row != nil else { continue }
                if let cell = try makeCell(
                    type: cellType, value: value, inline: inline, sheet: sheet, row: row!.number, column: cellColumn)
                {
                    if row!.cells.count <= cellColumn {
                        row!.cells += Array(repeating: nil, count: cellColumn + 1 - row!.cells.count)
                    }
                    row!.cells[cellColumn] = cell
                }
            case .start("v", _): (capture, value) = (.value, "")
            case .start("rPh", _): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _): capture = phonetic == 0 ? .inline : .none
            case .end("v"), .end("t"): capture = .none
            case .text(let text):
                switch capture {
                case .value: value! += text
                case .inline: inline += text
                case .none: break
                }
            default: break
            }
        }
        return rows
    }

    private enum Capture { case none, value, inline }

    private func makeCell(type: String, value: String?, inline: String, sheet: String, row: Int, column: Int) throws
        -> WorkbookCell?
    {
        let place = "sheet \"\(sheet)\", cell \(CellReference.columnName(column))\(row)"
        switch type {
        case "s":
            guard let value, let index = Int(value.trimmingSpaces), sharedStrings.indices.contains(index) else {
                throw WorkbookError(path: path, message: "\(place): shared string \(value ?? "") does not exist")
            }
            return sharedStrings[index].isEmpty ? nil : WorkbookCell(text: sharedStrings[index])
        case "inlineStr":
            let text = XLSXWorkbook.unescape(inline)
            return text.isEmpty ? nil : WorkbookCell(text: text)
        case "b":
            guard let value else { return nil }
            return WorkbookCell(text: value.trimmingSpaces == "1" ? "TRUE" : "FALSE")
        case "n":
            guard let value, !value.trimmingSpaces.isEmpty else { return nil }
            guard let number = WorkbookNumber.plain(String(value.trimmingSpaces)) else {
                throw WorkbookError(path: path, message: "\(place): \(value) is not a number")
            }
            return WorkbookCell(text: number, isNumber: true)
        default:  // str (a formula's text), e (an error such as #N/A), d (an ISO date)
            guard let value, !value.isEmpty else { return nil }
            return WorkbookCell(text: XLSXWorkbook.unescape(value))
        }
    }
}
