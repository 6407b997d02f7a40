import Foundation

/// Where a fresh numbering starts: an engine's container changes, a container's log lines.
///
/// Numbers are not stored, so a client may come back with one handed out by an earlier run of the
/// server (or an earlier tail of the container). Starting each numbering at the current time in
/// microseconds puts every new number above any an earlier run can have handed out (short of more
/// than one per microsecond), so such a resume is recognised as too old and answered with a fresh
/// snapshot or a gap — never with items of another numbering. The values stay below 2^53, so
/// JavaScript clients read them exactly.
enum SequenceBase {
    /// Microseconds since 1970.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}
