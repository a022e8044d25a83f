import Foundation
import Testing

@testable import AlivePipeline

/// Issue 14: the temporary output file is created with mkstemp's semantics and never follows
/// a symbolic link planted at its name.
@Suite struct OutputFileTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "alive-outputfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func lstatMode(_ path: String) -> (isLink: Bool, isRegular: Bool, permissions: mode_t)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return ((info.st_mode & S_IFMT) == S_IFLNK, (info.st_mode & S_IFMT) == S_IFREG, info.st_mode & 0o777)
    }

    @Test func temporaryIsCreatedPrivateAndExclusive() throws {
        let dir = try Self.folder()
        let destination = dir + "/video.mp4"
        let file = try OutputFile(destination: destination, force: false)
        defer { file.discard() }
        // It exists before any writer opens it: a regular file, ours, 0600.
        let mode = try #require(Self.lstatMode(file.temporary))
        #expect(mode.isRegular && !mode.isLink)
        #expect(mode.permissions == 0o600)
        let stage = try file.stage("signed")
        #expect(Self.lstatMode(stage)?.permissions == 0o600)
        // Names are not predictable: two reservations for the same destination differ by more
        // than a counter.
        let other = try OutputFile(destination: destination, force: false)
        defer { other.discard() }
        #expect(other.temporary != file.temporary)
        let token = { (path: String) in path.components(separatedBy: ".tmp.")[0].split(separator: ".").last.map(String.init) ?? "" }
        #expect(Int(token(file.temporary)) == nil || Int(token(other.temporary)) == nil)
        // Committed, it gets an ordinary file's mode.
        try Data("x".utf8).write(to: URL(fileURLWithPath: file.temporary))
        try file.commit()
        #expect(Self.lstatMode(destination)?.permissions == 0o666 & ~OutputFile.umaskValue)
    }

    @Test func plantedLinksAreNeverFollowed() throws {
        let dir = try Self.folder()
        let victim = dir + "/victim.txt"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        // Another user's links at every name the old scheme (.NAME.PID.N.tmp.mp4) would pick.
        for n in 1...400 {
            symlink(victim, dir + "/.video.mp4.\(getpid()).\(n).tmp.mp4")
            symlink(victim, dir + "/.video.mp4.\(getpid()).\(n).tmp.mp4.signed.mp4")
        }
        for _ in 0..<20 {
            try OutputFile.replace(dir + "/video.mp4") { temporary in
                #expect(Self.lstatMode(temporary)?.isLink == false)
                let handle = try #require(FileHandle(forWritingAtPath: temporary))
                try handle.write(contentsOf: Data("overwritten".utf8))
                try handle.close()
            }
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")

        // The exclusive create itself refuses a link at the exact name.
        let link = dir + "/.trap.tmp.mp4"
        symlink(victim, link)
        let fd = open(link, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        #expect(fd < 0 && errno == EEXIST)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
    }
}
