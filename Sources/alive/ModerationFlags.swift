import AlivePipeline
import ArgumentParser

/// The moderation gates' flags: shared by `animate`, `batch`, `frames` and `plan`.
struct ModerationFlags: ParsableArguments {
    @Option(help: ArgumentHelp("A moderation policy (JSON): prompt rules that add to alive's built-in ones or relax the relaxable ones (see README, Moderation).", valueName: "policy.json"))
    var policy: String?

    @Option(name: .customLong("moderation-cmd"), help: ArgumentHelp("Your own classifier, run at each gate as: /bin/sh -c 'CMD \"$@\"' alive-moderation GATE SUBJECT (GATE prompt, photo or video; SUBJECT the prompt text or the file's path). Exit 0 allows; anything else refuses, the first line of output being the reason.", valueName: "CMD"))
    var moderationCmd: String?

    @Option(name: .customLong("moderation-timeout"), help: ArgumentHelp("Seconds the moderation command may take at one gate; longer counts as a refusal.", valueName: "seconds"))
    var moderationTimeout: Double = 30

    func options() throws -> ModerationOptions {
        var options = ModerationOptions()
        if let policy { options.policy = try ModerationPolicy.load(path: policy) }
        options.command = moderationCmd
        options.timeout = moderationTimeout
        try options.validate()
        return options
    }
}
