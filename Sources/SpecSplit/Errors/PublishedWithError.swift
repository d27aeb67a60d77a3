/// A failure after the output was published (writing the summary, for instance): the
/// output is complete and in place, and the message says so, so nobody reruns a job that
/// did its main work; the exit status is still the failure's.
public struct PublishedWithError: SpecSplitError {
    /// The published output directory.
    public var output: String
    /// What failed afterwards.
    public var error: SpecSplitError

    /// What was published, then what failed and what to do.
    public var description: String {
        "\(output) was published (its manifest is \(output)/manifest.json), but then: \(error.description)"
    }

    /// The failure's exit code.
    public var exitCode: Int32 { error.exitCode }
}
