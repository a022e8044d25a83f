import AlivePipeline
import ArgumentParser
import Foundation

/// `alive frames`: chosen frames as PNG, for golden-frame tests. No logic of its own.
struct FramesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "Render chosen frames of a clip as PNG files, without encoding a video.",
        discussion: """
            Takes the same motion and frame options as `animate`, so frame N here equals frame \
            N of the video before encoding. Files are named frame-000000.png by frame index. \
            Each frame is rendered on its own: frame 90 alone costs one frame, not 91.

            Examples:
              alive frames beach.jpg --prompt "slow zoom in" --at 0,45,89 -o golden/
              alive frames beach.jpg --prompt "pan left" --at 0-29 --size 540x960 -o frames/
            """)

    @Argument(help: "The photo: JPEG or PNG.")
    var photo: String

    @Option(help: ArgumentHelp("Frames to render: indices from 0 (0,15,30), ranges (0-149), or all.", valueName: "list"))
    var at: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Folder for the PNG files (created if missing).", valueName: "dir"))
    var output: String

    @OptionGroup(title: "Motion and frame") var render: RenderFlags

    @OptionGroup(title: "Moderation") var moderation: ModerationFlags

    @Flag(help: "Overwrite frame files that exist.")
    var force = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        var options = try render.options(photo: photo)
        options.force = force
        options.moderation = try moderation.options()
        let paths = try FramesJob.run(options, selection: try FrameSelection(parsing: at), directory: output)
        if !quiet { print("wrote \(paths.count) frame\(paths.count == 1 ? "" : "s") to \(output)") }
    }
}
