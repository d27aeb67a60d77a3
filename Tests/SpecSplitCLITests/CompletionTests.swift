import Foundation
import XCTest

/// The shell completions the package installs, as a user's shell runs them: the scripts come
/// from the built binary (`--generate-completion-script`), so they follow its command tree.
/// zsh and fish are not on every build machine; the package test (scripts/test-package.sh)
/// checks that all three are installed where those shells look.
final class CompletionTests: XCTestCase {
    /// What bash offers for the words typed so far (the last one being completed), with the
    /// script loaded as bash-completion loads it.
    func bashCompletions(_ words: [String]) throws -> [String] {
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let script = """
            source <("$SPECSPLIT" --generate-completion-script bash) || exit 3
            COMP_WORDS=(\(quoted)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
            _specsplit specsplit "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Binary.shell(script, in: Binary.root)
        XCTAssertEqual(result.status, 0, result.err)
        return result.out.split(separator: "\n").map(String.init)
    }

    func testBashUserTypingASubcommandsFirstLettersGetsTheSubcommand() throws {
        XCTAssertEqual(try bashCompletions(["specsplit", "ru"]), ["rules"])
        XCTAssertEqual(try bashCompletions(["specsplit", "rules", "di"]), ["diff"])
    }

    func testBashUserTypingAnOptionOfSplitGetsOnlySplitsMatchingOptions() throws {
        XCTAssertEqual(try bashCompletions(["specsplit", "split", "--log-f"]), ["--log-format"])
        XCTAssertEqual(Set(try bashCompletions(["specsplit", "split", "--max-rej"])), ["--max-rejects", "--max-reject-lines"])
        let all = try bashCompletions(["specsplit", "split", "--"])
        for option in ["--rules", "--out", "--status", "--quiet", "--log-format", "--sequential"] {
            XCTAssertTrue(all.contains(option), "\(option) in \(all)")
        }
        XCTAssertFalse(all.contains("--seed"), "generate's --seed is not split's")
    }

    func testEveryShellsScriptNamesTheCommandAndItsSubcommands() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try Binary.run(["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, "\(shell): \(result.err)")
            for word in ["specsplit", "split", "inspect", "rules", "explain", "generate", "diff", "max-rejects"] {
                XCTAssertTrue(result.out.contains(word), "the \(shell) script knows \(word)")
            }
        }
    }
}
