/// alive's version, written into every video's metadata and manifest.
public enum AliveVersion {
    public static let string = "0.1.0"
}
