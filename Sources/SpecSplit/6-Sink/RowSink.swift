/// Where a ``RowPipeline`` hands its classified rows: the split's files, a comparison of two
/// rule sets, a stream to standard output, a report's figures.
///
/// The pipeline calls a sink on one thread, in input order: ``begin(_:)`` before an input's
/// first rows, ``consume(_:)`` with each delivery of them, ``end(_:_:)`` after its last.
/// A delivery's rows are borrowed for the length of the call: a sink copies what it keeps.
/// A sink that throws stops the run.
public protocol RowSink: AnyObject {
    /// An input is about to be read.
    func begin(_ input: PipelineInput) throws
    /// Rows of the current input, in input order, each classified or rejected.
    func consume(_ rows: ClassifiedRows) throws
    /// The input has been read: what it amounted to, and its quality findings.
    func end(_ input: PipelineInput, _ report: InputReport) throws
}
