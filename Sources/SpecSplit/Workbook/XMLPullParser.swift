/// One step of an XML document read by ``XMLPullParser``.
public enum XMLEvent: Hashable, Sendable {
    /// An element opens: its local name (any `prefix:` removed) and its attributes by local
    /// name (namespace declarations left out). A self-closing element is followed at once by
    /// its ``end(_:)``.
    case start(String, [String: String])
    /// An element closes: its local name.
    case end(String)
    /// Character data between tags, entities and character references decoded; CDATA
    /// sections come through as they are.
    case text(String)
}

/// A malformed XML document: what is wrong and where (line and byte offset).
public struct XMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The line (from 1) where it was found.
    public var line: Int
    /// The byte offset where it was found.
    public var offset: Int

    /// `line N: message`.
    public var description: String { "line \(line): \(message)" }
}

/// A small pull tokenizer for the XML that office documents are made of: elements,
/// attributes (either quote), character data, the five predefined entities and numeric
/// character references, CDATA sections; comments, processing instructions and the XML
/// declaration are skipped. A document type declaration is refused (office documents have
/// none, and it is how entity expansion attacks begin).
///
/// It checks that tags nest and that the document ends with every element closed. It reads
/// bytes as UTF-8 and needs no library beyond the standard one (Foundation's `XMLParser`
/// on Linux would bring libxml2 into the binary).
public struct XMLPullParser {
    private let bytes: [UInt8]
    private var index = 0
    private var open: [String] = []
    private var pendingEnd: String?
    private var sawRoot = false

    /// A parser over a whole document.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next event, or nil at the end of the document.
    /// - Throws: ``XMLError`` for a malformed document.
    public mutating func next() throws -> XMLEvent? {
        if let name = pendingEnd {
            pendingEnd = nil
            open.removeLast()
            return .end(name)
        }
        while index < bytes.count {
            if bytes[index] != UInt8(ascii: "<") {
                let start = index
                while index < bytes.count && bytes[index] != UInt8(ascii: "<") { index += 1 }
                if open.isEmpty {
                    if bytes[start..<index].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
                        continue
                    }
                    throw error("text outside the root element", at: start)
                }
                return .text(try decode(start, index))
            }
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                guard !open.isEmpty else { throw error("CDATA outside the root element", at: index) }
                let start = index + 9
                try skip(past: "]]>")
                return .text(String(decoding: bytes[start..<(index - 3)], as: UTF8.self))
            } else if starts(with: "<!") {
                throw error("document type declarations are not supported", at: index)
            } else if starts(with: "</") {
                let at = index
                index += 2
                let name = try readName()
                skipSpaces()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                    throw error("`>` expected", at: index)
                }
                index += 1
                guard let last = open.last else { throw error("closing tag </\(name)> with no element open", at: at) }
                guard last == name else { throw error("closing tag </\(name)> where </\(last)> was expected", at: at) }
                open.removeLast()
                return .end(localName(name))
            } else {
                return try readStart()
            }
        }
        if let last = open.last { throw error("the document ends inside <\(last)>", at: index) }
        if !sawRoot { throw error("no root element", at: index) }
        return nil
    }

    // MARK: tags

    private mutating func readStart() throws -> XMLEvent {
        let at = index
        if open.isEmpty && sawRoot { throw error("a second root element", at: at) }
        index += 1
        let name = try readName()
        var attributes: [String: String] = [:]
        while true {
            let spaced = skipSpaces()
            guard index < bytes.count else { throw error("the document ends inside <\(name)", at: index) }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if starts(with: "/>") {
                index += 2
                pendingEnd = localName(name)
                break
            }
            guard spaced else { throw error("space expected between attributes of <\(name)>", at: index) }
            let attribute = try readName()
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw error("`=` expected after attribute \(attribute)", at: index)
            }
            index += 1
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw error("quoted value expected for attribute \(attribute)", at: index)
            }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count && bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "<") {
                    throw error("`<` in the value of attribute \(attribute)", at: index)
                }
                index += 1
            }
            guard index < bytes.count else {
                throw error("the value of attribute \(attribute) is never closed", at: start)
            }
            let value = try decode(start, index)
            index += 1
            if attribute == "xmlns" || attribute.hasPrefix("xmlns:") { continue }
            attributes[localName(attribute)] = value
        }
        open.append(name)
        sawRoot = true
        return .start(localName(name), attributes)
    }

    private mutating func readName() throws -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "<")
            {
                break
            }
            index += 1
        }
        guard index > start else { throw error("name expected", at: start) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = index
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index > start
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in (0..<count).allSatisfy { bytes[index + $0] == prefix[$0] } }
    }

    private mutating func skip(past terminator: StaticString) throws {
        let start = index
        while index < bytes.count {
            if starts(with: terminator) {
                index += terminator.utf8CodeUnitCount
                return
            }
            index += 1
        }
        throw error("`\(terminator)` expected before the end of the document", at: start)
    }

    // MARK: character data

    /// The text of `bytes[start..<end]` with entities and character references replaced.
    private func decode(_ start: Int, _ end: Int) throws -> String {
        guard bytes[start..<end].contains(UInt8(ascii: "&")) else {
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            guard bytes[i] == UInt8(ascii: "&") else {
                out.append(bytes[i])
                i += 1
                continue
            }
            guard let semicolon = bytes[i..<end].firstIndex(of: UInt8(ascii: ";")), semicolon - i <= 10 else {
                throw error("`&` that starts no entity (write &amp;)", at: i)
            }
            let name = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    value = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    value = UInt32(name.dropFirst(), radix: 10)
                }
                guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                    throw error("unknown entity &\(name);", at: i)
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func error(_ message: String, at offset: Int) -> XMLError {
        let line = 1 + bytes[0..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return XMLError(message: message, line: line, offset: offset)
    }
}
