import AliveCore
import AlivePipeline
import ArgumentParser
import Foundation

/// `alive plan`: what alive understood of a prompt, as the JSON that `animate --plan` reads.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print the motion plan a prompt gives, as JSON you can edit and render with `animate --plan`.",
        discussion: """
            The plan is for this photo: the camera move, what moves in the scene (sky, water, \
            foliage, fog, particles), the light, the sound, the duration, notes on what the photo \
            cannot show, the words that shaped it and the words alive did not use, so you can \
            see why a video moves as it does.

            Example:
              alive plan beach.jpg --prompt "slow zoom in, 8 seconds" -o plan.json
              alive animate beach.jpg --plan plan.json
              alive plan beach.jpg --maps maps/     # sky, water, subject, foliage, depth, faces, people
              alive plan beach.jpg --prompt "clouds drift left" --preview plan.png
            """)

    @Argument(help: "The photo the plan is for.")
    var photo: String

    @Option(name: .shortAndLong, help: "What should move, in your words.")
    var prompt: String = ""

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the plan to this file instead of standard output.", valueName: "file.json"))
    var output: String?

    @Option(help: ArgumentHelp("Also write what alive sees in the photo: sky.png, water.png, subject.png, foliage.png and depth.png (8-bit grayscale at the photo's size; 255 = inside, depth 0 = nearest), faces.json (each face's box, eyes, mouth corners and 468 landmarks, in photo pixels) and person.png (the people estimated from the faces).", valueName: "dir"))
    var maps: String?

    @Option(help: ArgumentHelp("Also draw the plan as one picture: the photo with sky, water, foliage and subject tinted, arrows for each flow and the camera, and the depth map beside it.", valueName: "file.png"))
    var preview: String?

    @Option(help: "Refuse photos with more pixels than this (checked before decoding).")
    var maxPixels: Int = 100_000_000

    @Flag(help: "Keep every face still: no blink, smile, head motion or breathing.")
    var noFaceMotion = false

    @OptionGroup(title: "Moderation") var moderation: ModerationFlags

    func run() throws {
        guard FileName.withOSName(photo, { access($0, R_OK) }) == 0 else {
            throw PipelineError.photoMissing(path: photo)
        }
        try Moderation.checkPrompt(prompt, try moderation.options())   // the prompt gate: nothing is written if it refuses
        let prompted = PromptReader.read(prompt)
        let plan = try PlanJob.run(photo: photo, plan: noFaceMotion ? prompted.withoutFaceMotion() : prompted,
                                   maxPixels: maxPixels, maps: maps, preview: preview)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n"
        guard let output else {
            print(json, terminator: "")
            return
        }
        try OutputFile.replace(output, input: photo) { temporary in
            do { try Data(json.utf8).write(to: URL(fileURLWithPath: temporary)) } catch {
                throw PipelineError.outputFolder(path: output, reason: error.localizedDescription)
            }
        }
    }
}
