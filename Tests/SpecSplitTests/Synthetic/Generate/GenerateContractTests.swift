import Foundation
import TestSupport
import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

/// `--contracts K`: exactly K provider x commissioner pairs, realistic codes.
final class GenerateContractTests: XCTestCase {
    let dir = TemporaryDirectory()

    /// The provider x commissioner pairs, leaving out contract-monitoring lines sent to a
    /// specialised commissioning group (contracts of their own, besides those asked for).
    private func pairs(_ table: GeneratedTable, provider: String = "Der_Provider_Code") -> Set<String> {
        let p = table.column(provider)
        let c = table.column("Commissioner_Code")
        return Set(table.rows.filter { !$0.text[c].hasPrefix("SCG") }.map { $0.text[p] + "|" + $0.text[c] })
    }

    func testFiveThousandContractsGiveFiveThousandPairs() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 12000, seed: 1, contracts: 5000), in: dir)
        XCTAssertEqual(pairs(table).count, 5000)
        // Also after normalising provider codes (`RJE00` is `RJE`).
        let p = table.column("Der_Provider_Code")
        let c = table.column("Commissioner_Code")
        let normalised = Set(
            table.rows.map { row -> String in
                let provider = row.fields[p].withUnsafeBytes { CodeShapes.organisation($0) }
                return "\(provider.map { "\($0)" } ?? "?")|\(row.text[c])"
            })
        XCTAssertEqual(normalised.count, 5000)
    }

    func testDefaultIsFiftyContractsForEveryShape() throws {
        for shape in ExtractShape.allCases {
            let table = try generateAndRead(ExtractGenerator(shape: shape, rows: 3000, seed: 2), in: dir)
            XCTAssertEqual(
                pairs(table, provider: shape == .slam ? "Provider_Code" : "Der_Provider_Code").count, 50, "\(shape)")
        }
    }

    func testFewerRowsThanContractsUseOneContractEach() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .op, rows: 300, seed: 3, contracts: 5000), in: dir)
        XCTAssertEqual(pairs(table).count, 300)
    }

    func testOrganisationCodesAreShapedLikeRealOnes() throws {
        let table = try generateAndRead(ExtractGenerator(shape: .apc, rows: 5000, seed: 4, contracts: 400), in: dir)
        let providers = Set(table.values("Der_Provider_Code"))
        let commissioners = Set(table.values("Commissioner_Code"))
        XCTAssertTrue(providers.isSuperset(of: ["RJE", "RQ3", "RRK"]), "\(providers.sorted().prefix(10))")
        XCTAssertTrue(providers.contains { $0.count == 5 && $0.hasSuffix("00") }, "some trusts written RJE00-style")
        XCTAssertTrue(providers.contains { $0.hasPrefix("N") && $0.count == 5 }, "independent-sector providers")
        XCTAssertTrue(providers.allSatisfy { $0.count == 3 || $0.count == 5 })
        XCTAssertTrue(commissioners.contains("XMD"))
        XCTAssertTrue(commissioners.subtracting(["XMD"]).allSatisfy { $0.count == 3 && $0.hasPrefix("5") })
        let slam = try generateAndRead(ExtractGenerator(shape: .slam, rows: 2000, seed: 4), in: dir)
        let contract = slam.column("Contract_ID")
        let provider = slam.column("Provider_Code")
        let commissioner = slam.column("Commissioner_Code")
        var owner = [String: String]()
        for row in slam.rows {
            let pair = row.text[provider] + "|" + row.text[commissioner]
            XCTAssertEqual(
                owner.updateValue(pair, forKey: row.text[contract]) ?? pair, pair, "one pair per contract id")
        }
    }
}
