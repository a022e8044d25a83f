import AlivePipeline
import ArgumentParser
import Foundation

/// `alive compare`: golden frames against new ones. No logic of its own.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two PNG frames, or two folders of frames, within a tolerance.",
        discussion: """
            Prints each frame's PSNR and largest pixel difference. With no tolerance given, \
            frames must be identical. Folders are matched by file name; a frame missing on \
            either side fails.

            Exit codes: 0 every frame within tolerance, 1 some frame is not (or a size differs, \
            or a frame is missing), 64 bad usage, 65 a file is not a usable image, 66 a file is missing.

            Example:
              alive compare golden/ frames/ --max-diff 2 --min-psnr 45 --diff-dir diffs/
            """)

    @Argument(help: "The reference: a PNG file or a folder of them.")
    var expected: String

    @Argument(help: "The frames to check: a PNG file or a folder of them.")
    var actual: String

    @Option(help: ArgumentHelp("Largest allowed difference of any colour component, 0-255.", valueName: "N"))
    var maxDiff: Int?

    @Option(help: ArgumentHelp("Smallest allowed PSNR, in dB.", valueName: "DB"))
    var minPsnr: Double?

    @Option(help: ArgumentHelp("Write a difference image for each failing frame here.", valueName: "dir"))
    var diffDir: String?

    @Flag(name: .shortAndLong, help: "Print only failing frames and the summary.")
    var quiet = false

    func run() throws {
        let results = try CompareJob.run(expected: expected, actual: actual,
                                         tolerance: Tolerance(maxDifference: maxDiff, minimumPSNR: minPsnr),
                                         diffDirectory: diffDir)
        for r in results where !(quiet && r.passed) {
            let psnr = r.psnr.isInfinite ? "identical" : String(format: "PSNR %6.2f dB", r.psnr)
            var line = r.problem.map { "\(r.name)  FAIL  \($0)" }
                ?? "\(r.name)  \(r.passed ? "ok  " : "FAIL")  \(psnr)  max diff \(r.maxDifference)"
            if let diff = r.diffImage { line += "  diff: \(diff)" }
            print(line)
        }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) of \(results.count) frame\(results.count == 1 ? "" : "s") within tolerance")
        if failed > 0 { throw ExitCode(1) }
    }
}
