import ArgumentParser
import SpecSplit

/// `specsplit inspect FILE...`: check an extract before a split.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show each input's shape, which column serves each field, its row count and first malformed rows.",
        discussion: ExitCodes.section([0, 64, 65, 66, 74])
    )

    @OptionGroup var mapping: MappingOptions

    @Option(name: .long, help: "How many malformed rows to list per input.")
    var show: Int = 10

    @Argument(help: "Input files (plain or gzip; - for standard input).")
    var inputs: [String]

    func run() throws {
        let overrides = try mapping.overrides()
        var unmapped = 0
        for path in inputs {
            do {
                let inspection = try Inspection.run(path: path, overrides: overrides, shape: mapping.shape, keep: show)
                print(inspection.report)
            } catch let error as MappingError {
                // Every input is inspected: say what is wrong with each, then fail.
                printError(error.description)
                unmapped += 1
            }
        }
        if unmapped > 0 {
            throw ReportedFailure(
                description: "\(unmapped) of \(inputs.count) input(s) cannot be mapped (above)", exitCode: ExitStatus.data)
        }
    }
}

/// Column mapping flags shared by the commands that read extracts.
struct MappingOptions: ParsableArguments {
    @Option(name: .customLong("map"), help: "Name the column of a field: FIELD=COLUMN (repeatable; DIAG_01;DIAG_02 for lists).")
    var maps: [String] = []

    @Option(help: "The extract's shape when it cannot be recognised: apc, op or slam.")
    var shape: ExtractShape?

    func overrides() throws -> [Field: String] {
        do { return try MappingError.parseOverrides(maps) } catch let error as MappingError {
            throw ValidationError(error.description)
        }
    }
}

extension ExtractShape: ExpressibleByArgument {}
