import Foundation
import SpecSplit
import XCTest

/// A report page read back for a test: the markup parsed as XML (the report writes
/// well-formed markup, so a `<` from the data that escaped escaping fails the parse), with
/// the tables and chart marks a test compares with the CSV files.
struct HTMLPage {
    /// An element: its name, attributes, children, and its text (its descendants' text joined).
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var ownText = ""
        weak var parent: Element?

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// The text of the element and its descendants, in order.
        var text: String { ownTextParts.joined() }
        fileprivate var ownTextParts: [String] {
            var parts: [String] = []
            for item in items {
                switch item {
                case .text(let text): parts.append(text)
                case .child(let child): parts.append(contentsOf: child.ownTextParts)
                }
            }
            return parts
        }
        fileprivate var items: [Item] = []
        fileprivate enum Item { case text(String), child(Element) }

        /// Every descendant (depth first) for which `test` holds.
        func all(_ test: (Element) -> Bool) -> [Element] {
            var found: [Element] = []
            for child in children {
                if test(child) { found.append(child) }
                found.append(contentsOf: child.all(test))
            }
            return found
        }

        /// Descendants named `name`.
        func all(_ name: String) -> [Element] { all { $0.name == name } }

        /// The first descendant with id `id`.
        func byId(_ id: String) -> Element? { all { $0.attributes["id"] == id }.first }
    }

    /// A table cell: its text, its published figure (`data-value`) and its link.
    struct Cell: Equatable, CustomStringConvertible {
        var text: String
        var value: String?
        var href: String?
        var description: String { value.map { "\(text) [\($0)]" } ?? text }
    }

    /// A table: its column names, body rows and total rows.
    struct Table {
        var columns: [String]
        var rows: [[Cell]]
        var foot: [[Cell]]
    }

    /// The page's root element.
    let root: Element
    /// The file read.
    let path: String

    /// Reads and parses the page at `path`.
    init(path: String) throws {
        self.path = path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>\n"), "\(path) starts with the HTML doctype")
        text = String(text.dropFirst("<!DOCTYPE html>\n".count))
        var parser = XMLPullParser(Array(text.utf8))
        let document = Element(name: "#document", attributes: [:])
        var stack = [document]
        while let event = try parser.next() {
            switch event {
            case .start(let name, let attributes):
                let element = Element(name: name, attributes: attributes)
                element.parent = stack.last
                stack.last!.children.append(element)
                stack.last!.items.append(.child(element))
                stack.append(element)
            case .end:
                stack.removeLast()
            case .text(let text):
                stack.last!.items.append(.text(text))
            }
        }
        root = document
    }

    /// The table with id `id`.
    func table(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> Table {
        let table = try XCTUnwrap(root.byId(id), "no table \(id) in \(path)", file: file, line: line)
        let columns = table.all("th").filter { $0.parent?.parent?.name == "thead" }.map { $0.text }
        func cells(_ row: Element) -> [Cell] {
            row.children.filter { $0.name == "td" }.map { cell in
                Cell(
                    text: cell.text, value: cell.attributes["data-value"], href: cell.all("a").first?.attributes["href"]
                )
            }
        }
        let body = table.children.first { $0.name == "tbody" }
        let rows = (body?.children ?? []).filter { $0.name == "tr" && $0.attributes["class"] != "empty" }.map(cells)
        let foot = (table.children.first { $0.name == "tfoot" }?.children ?? []).map(cells)
        return Table(columns: columns, rows: rows, foot: foot)
    }

    /// The chart with id `id`: its bars' labels and figures (`data-label`, `data-value`).
    func bars(_ id: String) throws -> [(label: String, value: String)] {
        let chart = try XCTUnwrap(root.byId(id), "no chart \(id) in \(path)")
        return chart.all("rect").filter { $0.attributes["data-label"] != nil }.map {
            ($0.attributes["data-label"]!, $0.attributes["data-value"] ?? "")
        }
    }
}
