import AlivePipeline

enum AliveVersionString {
    static let value = AliveVersion.string
}
