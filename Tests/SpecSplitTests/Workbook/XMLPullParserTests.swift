import XCTest

@testable import SpecSplit

/// The XML tokenizer the `.xlsx` reader is built on: the subset office documents use, and
/// clear errors for what is malformed.
final class XMLPullParserTests: XCTestCase {
    func events(_ xml: String) throws -> [XMLEvent] {
        var parser = XMLPullParser(Array(xml.utf8))
        var events: [XMLEvent] = []
        while let event = try parser.next() { events.append(event) }
        return events
    }

    func failure(_ xml: String) -> XMLError? {
        do {
            _ = try events(xml)
            return nil
        } catch let error as XMLError {
            return error
        } catch {
            XCTFail("\(error)")
            return nil
        }
    }

    func testElementsAttributesAndText() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- a comment -->
            <x:sst xmlns:x="urn:main" count='2'><x:si><x:t xml:space="preserve"> A &amp; B </x:t></x:si><x:si/></x:sst>
            """
        XCTAssertEqual(
            try events(xml),
            [
                .start("sst", ["count": "2"]), .start("si", [:]), .start("t", ["space": "preserve"]), .text(" A & B "),
                .end("t"), .end("si"), .start("si", [:]), .end("si"), .end("sst"),
            ])
    }

    func testEntitiesCharacterReferencesAndCDATA() throws {
        let xml = #"<t a="&quot;&apos;&lt;&gt;">&#65;&#x42;&#x1F600; caf&#233; <![CDATA[<raw> & ]]></t>"#
        XCTAssertEqual(
            try events(xml), [.start("t", ["a": "\"'<>"]), .text("AB😀 café "), .text("<raw> & "), .end("t")])
    }

    func testUTF8TextComesThroughAsIs() throws {
        XCTAssertEqual(try events("<t>Crohn’s – ü</t>"), [.start("t", [:]), .text("Crohn’s – ü"), .end("t")])
    }

    func testMalformedDocumentsSayWhatAndWhere() {
        let cases: [(String, String, Int)] = [
            ("<a>\n<b></a>", "closing tag </a> where </b> was expected", 2),
            ("<a>\n<b>", "the document ends inside <b>", 2),
            ("<a>&bogus;</a>", "unknown entity &bogus;", 1),
            ("<a>AT&T</a>", "`&` that starts no entity", 1),
            ("<a b=c/>", "quoted value expected for attribute b", 1),
            ("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", "document type declarations are not supported", 1),
            ("<a/><b/>", "a second root element", 1),
            ("", "no root element", 1),
            ("<a><!-- never closed </a>", "`-->` expected", 1),
        ]
        for (xml, message, line) in cases {
            guard let error = failure(xml) else {
                XCTFail("accepted: \(xml)")
                continue
            }
            XCTAssertTrue(error.message.hasPrefix(message), "\(xml): \(error)")
            XCTAssertEqual(error.line, line, xml)
        }
    }
}
