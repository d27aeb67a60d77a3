import XCTest

@testable import SpecSplit
@testable import SpecSplitSynthetic

final class ContractRegistryTests: XCTestCase {
    /// Property: every (provider, commissioner, contract) gets the index of its first
    /// sight, and the same index every time after, across table growth and the
    /// last-hit shortcut; checked against a Dictionary over the same keys.
    func testIndicesAreDenseInOrderOfFirstSightAndStable() {
        var registry = ContractRegistry()
        var model: [String: Int32] = [:]
        var rng = SplitMix64(seed: 11)
        let providers = (0..<300).map { PackedCode("R\(String($0, radix: 36).uppercased())")! }
        let commissioners = (0..<40).map { PackedCode("0\($0)")! }
        let contracts = ["", "C1", "C2", "LONG-AGREEMENT-REFERENCE-2012"]
        for _ in 0..<60_000 {
            // Runs of the same key, as in a sorted extract, and random jumps.
            let provider = providers[Int(rng.next() % 300)]
            let commissioner = commissioners[Int(rng.next() % 40)]
            let contract = contracts[Int(rng.next() % 4)]
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let index = Array(contract.utf8).withUnsafeBytes {
                    registry.index(provider: provider, commissioner: commissioner, contract: $0)
                }
                let key = "\(provider)|\(commissioner)|\(contract)"
                if let known = model[key] {
                    XCTAssertEqual(index, known, key)
                } else {
                    XCTAssertEqual(index, Int32(model.count), "a new contract takes the next index: \(key)")
                    model[key] = index
                }
            }
        }
        XCTAssertEqual(registry.contracts.count, model.count)
        XCTAssertGreaterThan(model.count, 10_000, "enough contracts to grow the table many times")
        for (key, index) in model {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let contract = registry.contracts[Int(index)]
            XCTAssertEqual([contract.provider, contract.commissioner, contract.contract], parts)
        }
    }

    func testFolderNamesAreSafeAndUnique() {
        var registry = ContractRegistry()
        let provider = PackedCode("RJE")!
        let commissioner = PackedCode("5PK")!
        let a = Array("C/1".utf8).withUnsafeBytes { registry.index(provider: provider, commissioner: commissioner, contract: $0) }
        let b = Array("C_1".utf8).withUnsafeBytes { registry.index(provider: provider, commissioner: commissioner, contract: $0) }
        let none = registry.index(provider: .empty, commissioner: commissioner, contract: nil)
        XCTAssertEqual(registry.contracts.map(\.key), ["RJE_5PK_C_1", "RJE_5PK_C_1~2", "NONE_5PK"])
        XCTAssertEqual([a, b, none], [0, 1, 2])
        XCTAssertEqual(registry.index(provider: provider, commissioner: commissioner, contract: nil), 3, "no contract column is its own key")
    }
}
