import AliveCore
import ArgumentParser
import Foundation

/// The entry point: parse, run, and turn every failure into one line on stderr and a
/// documented exit code (ArgumentParser's own error output spans several lines).
@main
enum Main {
    static func main() {
        do {
            // Arguments decoded losslessly: a photo name that is not UTF-8 still opens (FileName).
            var command = try AliveCommand.parseAsRoot(Array(FileName.arguments().dropFirst()))
            try command.run()
        } catch let error as ClassifiedError {
            fail(error.description, ExitStatus(error.kind))
        } catch {
            let code = AliveCommand.exitCode(for: error)
            if code == .success || error is CleanExit {
                AliveCommand.exit(withError: error)   // --help, --version: print and exit 0
            }
            if code.rawValue == ExitCode.validationFailure.rawValue || error is ValidationError {
                fail(AliveCommand.message(for: error), .usage)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            fail(AliveCommand.message(for: error), ExitStatus(rawValue: code.rawValue) ?? .software)
        }
    }

    static func fail(_ message: String, _ status: ExitStatus) -> Never {
        let line = FileName.displayed(message.split(whereSeparator: \.isNewline).joined(separator: "; "))
        // A refusal is a verdict, not an error: "alive: refused at the prompt gate (rule ...): ...".
        FileHandle.standardError.write(Data("alive: \(status == .refused ? "" : "error: ")\(line)\n".utf8))
        exit(status.rawValue)
    }
}

struct AliveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alive",
        abstract: "Bring a still photo to life: a short video with motion, made locally, labelled as AI-generated.",
        discussion: """
            Exit codes: 0 success, 64 bad flag or value, 65 unusable photo, 66 photo missing, \
            70 internal failure, 73 output not writable or exists, 77 refused, 130/143 interrupted.
            """,
        version: AliveVersionString.value,
        subcommands: [AnimateCommand.self, PlanCommand.self, FramesCommand.self, CompareCommand.self, BatchCommand.self, VerifyCommand.self, KeysCommand.self],
        defaultSubcommand: nil)
}
