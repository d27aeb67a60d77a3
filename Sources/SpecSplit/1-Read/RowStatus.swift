/// Whether a parsed row is well formed, and if not, what was wrong with it.
///
/// A malformed row is never dropped: it stays in its batch with this status, its line
/// number and its raw text, so the caller can reject it and lose nothing else.
public enum RowStatus: UInt8, Sendable, CustomStringConvertible {
    /// Well formed: as many fields as the header.
    case ok = 0
    /// Fewer fields than the header.
    case tooFewFields = 1
    /// More fields than the header.
    case tooManyFields = 2
    /// A quote inside an unquoted field, or text after a closing quote. The row holds one
    /// field: the raw record as far as it could be recovered (to the end of its line).
    case strayQuote = 3
    /// A quoted field still open at the end of the file. The row holds one field: the
    /// raw record from its start to the end of the file.
    case unterminatedQuote = 4

    /// A short reason, for reject files and messages.
    public var description: String {
        switch self {
        case .ok: return "ok"
        case .tooFewFields: return "too few fields"
        case .tooManyFields: return "too many fields"
        case .strayQuote: return "stray quote"
        case .unterminatedQuote: return "unterminated quote"
        }
    }
}
