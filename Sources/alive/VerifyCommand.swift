import AliveProvenance
import ArgumentParser
import Foundation

/// `alive verify FILE`: checks a video's Content Credentials with AliveProvenance and maps the
/// verdict to a documented exit code.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a video's Content Credentials (its signed C2PA manifest).",
        discussion: """
            Checks the signature, every signed statement and the hash over the whole file, \
            the way the official C2PA SDK does, and says what the credentials claim.

            Exit codes:
              0   intact, signed by a signer you trust (see --anchors)
              10  intact and signed, but the signer is not on your trust list
                  (the normal result for alive's own self-signed identity)
              11  credentials present but broken: the file was changed after signing
              12  no Content Credentials in the file
              13  unreadable: not an MP4 file, or it cannot be read
              64  bad usage, e.g. an --anchors file without certificates
            """)

    /// The exit codes above, by verdict.
    enum Exit {
        static let trusted: Int32 = 0
        static let untrustedSigner: Int32 = 10
        static let invalid: Int32 = 11
        static let noManifest: Int32 = 12
        static let unreadable: Int32 = 13
        static let usage: Int32 = 64
    }

    @Argument(help: "The MP4 video to check.")
    var file: String

    @Flag(help: "Print the full report as JSON, for scripts.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Trust the certificates in this PEM file (a root CA, or a signer's own certificate).", valueName: "PEM"))
    var anchors: String?

    func run() throws {
        let report: VerificationReport
        do {
            report = try ProvenanceReader.verify(path: file, anchorsFile: anchors)
        } catch {
            FileHandle.standardError.write(Data("alive verify: \(error)\n".utf8))
            throw ExitCode(Exit.usage)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if report.outcome == .unreadable {
            FileHandle.standardError.write(Data((report.humanReadable + "\n").utf8))
        } else {
            print(report.humanReadable)
        }
        let code: Int32 = switch report.outcome {
        case .trusted: Exit.trusted
        case .valid: Exit.untrustedSigner
        case .invalid: Exit.invalid
        case .noManifest: Exit.noManifest
        case .unreadable: Exit.unreadable
        }
        if code != 0 { throw ExitCode(code) }
    }
}
