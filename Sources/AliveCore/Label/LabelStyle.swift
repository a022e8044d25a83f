/// The frame corner the "AI-generated" badge sits in (`--label-position`). Each corner
/// is taken inside the area story apps leave free (see `StoryAppZones`), not the frame's
/// own corner.
public enum LabelPosition: String, CaseIterable, Codable, Sendable {
    case topLeft = "top-left"
    case topRight = "top-right"
    case bottomLeft = "bottom-left"
    case bottomRight = "bottom-right"

    var isLeft: Bool { self == .topLeft || self == .bottomLeft }
    var isTop: Bool { self == .topLeft || self == .topRight }
}

/// What the visible label says and where it goes.
///
/// Top-left is the default. It sits just under the band story apps keep for the progress
/// bar and account name, which has a fixed height, where the viewer's eye starts. The
/// bottom-left corner is the alternative but worse default: apps grow the caption, music
/// ticker and "more" text upwards from the reply bar, so a long caption can cover a badge
/// placed just above the bottom 20 %.
public struct LabelStyle: Codable, Equatable, Sendable {
    /// English default; `--label-text` replaces it (for example "KI-generiert",
    /// "Généré par IA", "Generato con IA").
    public static let defaultText = "AI-generated"

    /// The words on the badge: Latin-1 and Latin Extended-A letters, common punctuation;
    /// other characters show as a box. Empty or blank text falls back to `defaultText`, as
    /// the label may never be invisible.
    public var text: String
    public var position: LabelPosition
    /// A four-pointed star before the text, the sign apps use for generated content.
    public var showsIcon: Bool

    public init(text: String = LabelStyle.defaultText, position: LabelPosition = .topLeft, showsIcon: Bool = true) {
        self.text = text
        self.position = position
        self.showsIcon = showsIcon
    }

    /// `text` as drawn: blank text becomes the default, runs of whitespace (tabs, line
    /// breaks) one space, because the badge is a single line.
    var displayText: String {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.isEmpty ? Self.defaultText : words.joined(separator: " ")
    }
}
