/// The kind of extract a file is, recognised from its header (or given with `--shape`).
public enum ExtractShape: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Admitted patient care: SUS spells, or episodes when an episode number is present.
    case apc
    /// Outpatient attendances (non-admitted care).
    case op
    /// Contract-monitoring lines (SLAM/ACM): POD x specialty x HRG with activity and price.
    case slam

    /// A readable name.
    public var description: String {
        switch self {
        case .apc: return "admitted patient care (apc)"
        case .op: return "outpatient (op)"
        case .slam: return "contract monitoring (slam)"
        }
    }

    /// The setting of every row of this shape; contract-monitoring rows take theirs from
    /// their point of delivery instead.
    public var fixedSetting: Setting? {
        switch self {
        case .apc: return .apc
        case .op: return .nac
        case .slam: return nil
        }
    }
}
