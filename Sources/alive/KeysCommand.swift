import AliveProvenance
import ArgumentParser
import Foundation

/// `alive keys show|create|export`: the signing identity alive uses when no --sign-key and
/// --sign-cert are given.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show, create or export alive's own signing identity.",
        discussion: """
            alive signs every video. Without --sign-key/--sign-cert it uses a self-signed \
            certificate that it creates on first use in $XDG_CONFIG_HOME/alive \
            (or ~/.config/alive); the private key file is readable only by you.
            """,
        subcommands: [Show.self, Create.self, Export.self],
        defaultSubcommand: Show.self)

    struct Location: ParsableArguments {
        @Option(name: .customLong("config-dir"), help: ArgumentHelp("Folder of the signing identity (default: $XDG_CONFIG_HOME/alive or ~/.config/alive).", valueName: "DIR"))
        var configDirectory: String?

        var store: IdentityStore { IdentityStore(directory: configDirectory ?? IdentityStore.defaultDirectory()) }
    }

    /// Exit codes follow sysexits, like the rest of alive.
    static func fail(_ error: ProvenanceError) -> ExitCode {
        FileHandle.standardError.write(Data("alive keys: \(error)\n".utf8))
        return switch error {
        case .identityMissing: ExitCode(66)  // EX_NOINPUT
        case .identityExists, .identityStorage, .cannotWrite: ExitCode(73)  // EX_CANTCREAT
        case .internalInconsistency: ExitCode(70)  // EX_SOFTWARE
        default: ExitCode(65)  // EX_DATAERR: unreadable or unusable key or certificate
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the signer's name, fingerprint, validity and file paths.")

        @OptionGroup var location: Location
        @Flag(help: "Print as JSON.") var json = false

        func run() throws {
            do {
                let description = try location.store.describe()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    encoder.dateEncodingStrategy = .iso8601
                    print(String(decoding: try encoder.encode(description), as: UTF8.self))
                } else {
                    print(description.humanReadable)
                }
            } catch let error as ProvenanceError {
                throw KeysCommand.fail(error)
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new self-signed signing identity.")

        @OptionGroup var location: Location
        @Flag(help: "Replace an existing identity. Videos signed with the old one stay valid but name a different signer.")
        var force = false

        func run() throws {
            do {
                let store = location.store
                try store.create(force: force)
                print(try store.describe().humanReadable)
            } catch {
                throw KeysCommand.fail(error)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the certificate chain as PEM, to share so others can pass it to `alive verify --anchors`.")

        @OptionGroup var location: Location
        @Flag(name: .customLong("include-private-key"), help: "Also print the private key. Anyone who has it can sign as you.")
        var includePrivateKey = false

        func run() throws {
            do {
                print(try location.store.exportPEM(includePrivateKey: includePrivateKey), terminator: "")
            } catch {
                throw KeysCommand.fail(error)
            }
        }
    }
}
