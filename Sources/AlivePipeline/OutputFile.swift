import Foundation
import AliveCore
#if canImport(Glibc)
import Glibc
#endif

/// The video's destination, written through a temporary file beside it and renamed into
/// place only when complete, so a failed or interrupted run never leaves a partial video.
///
/// SIGINT and SIGTERM remove the temporary file too: the signal handler can only call
/// async-signal-safe functions, so paths are kept as C strings in a fixed table that it
/// walks with `unlink` before `_exit`.
public final class OutputFile {
    public let destination: String
    public let temporary: String
    private var slot: Int?
    private var stages: [(path: String, slot: Int?)] = []
    private var finished = false

    /// Checks the destination and reserves a temporary name beside it.
    public init(destination: String, force: Bool, input: String? = nil) throws(PipelineError) {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        let folder = url.deletingLastPathComponent().path
        if let input, Self.sameFile(input, destination) { throw .outputIsInput(path: destination) }
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) || !isDir.boolValue {
            throw .outputFolder(path: destination, reason: "folder \(folder) does not exist")
        }
        if access(folder, W_OK) != 0 {
            throw .outputFolder(path: destination, reason: "folder \(folder) is not writable")
        }
        if let info = FileName.status(destination) {
            if (info.st_mode & S_IFMT) == S_IFDIR { throw .outputFolder(path: destination, reason: "it is a folder") }
            if !force { throw .outputExists(path: destination) }
        }
        let ext = url.pathExtension.isEmpty ? "mp4" : url.pathExtension
        let name = FileName.sanitised(url.lastPathComponent)  // writers get plain UTF-8 names; the rename uses the bytes
        let prefix = url.deletingLastPathComponent().appendingPathComponent(".\(name).\(getpid()).").path
        temporary = try Self.createExclusive(prefix: prefix, suffix: ".tmp.\(ext)", destination: destination)
        slot = SignalCleanup.register(temporary)
    }

    /// Creates a new, empty temporary file with mkstemp's semantics: an unpredictable name,
    /// `O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600. A file or a symbolic link already at the
    /// name (another user's trap in a shared folder) is never opened, written or followed:
    /// another name is drawn. The writers that open the path later find this file, owned by
    /// us; in a sticky folder such as /tmp nobody else can swap it.
    static func createExclusive(prefix: String, suffix: String, destination: String) throws(PipelineError) -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let token = String(generator.next() as UInt64, radix: 36)
            let path = prefix + token + suffix
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                close(fd)
                return path
            }
            if errno != EEXIST { throw .outputFolder(path: destination, reason: String(cString: strerror(errno))) }
        }
        throw .outputFolder(path: destination, reason: "cannot create a temporary file beside it")
    }

    /// Reserves a second temporary file beside the destination, for a stage that rewrites
    /// the video into a new file (the signer). It is created like the first, removed on
    /// failure and on SIGINT or SIGTERM like it; `commit(from:)` renames it into place.
    public func stage(_ tag: String) throws(PipelineError) -> String {
        let path = try Self.createExclusive(prefix: temporary + ".", suffix: "." + tag + ".mp4", destination: destination)
        stages.append((path, SignalCleanup.register(path)))
        return path
    }

    /// Renames `file` (the temporary file, or a stage) into place and removes the others.
    /// The file was created 0600; it gets the mode a new file would have (0666 less the umask).
    public func commit(from file: String? = nil) throws(PipelineError) {
        chmod(file ?? temporary, 0o666 & ~Self.umaskValue)
        if FileName.withOSName(destination, { rename(file ?? temporary, $0) }) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw .outputFolder(path: destination, reason: reason)
        }
        discard()
    }

    /// Removes the temporary files (those still there).
    public func discard() {
        guard !finished else { return }
        unlink(temporary)
        if let slot { SignalCleanup.unregister(slot) }
        slot = nil
        for (path, stageSlot) in stages {
            unlink(path)
            if let stageSlot { SignalCleanup.unregister(stageSlot) }
        }
        stages = []
        finished = true
    }

    deinit { if !finished { discard() } }

    /// Writes one file the safe way: `body` writes the temporary file beside `destination`,
    /// which is then renamed into place (replacing what was there). On any failure, and on
    /// SIGINT or SIGTERM, nothing is left behind.
    public static func replace(_ destination: String, input: String? = nil,
                               writing body: (_ temporary: String) throws -> Void) throws {
        let file = try OutputFile(destination: destination, force: true, input: input)
        defer { file.discard() }
        try body(file.temporary)
        try file.commit()
    }

    /// Creates `directory` (with its parents) unless it exists; a file in its place is an error.
    public static func makeFolder(_ directory: String) throws(PipelineError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { throw .outputFolder(path: directory, reason: "it is a file, not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .outputFolder(path: directory, reason: "cannot create the folder")
        }
    }

    /// The process's umask, read without changing it (`umask()` can only be read by setting
    /// it, which would race with other threads creating files).
    static let umaskValue: mode_t = {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
           let value = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8) {
            return value
        }
        return 0o022
    }()

    static func sameFile(_ a: String, _ b: String) -> Bool {
        guard let sa = FileName.status(a), let sb = FileName.status(b) else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

}

/// Temporary files to delete if the process is interrupted.
public enum SignalCleanup {
    static let capacity = 64
    /// Slots of `strdup`ed paths; nil = free. Written under `lock`, read by the handler.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let t = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        t.initialize(repeating: nil, count: capacity)
        return t
    }()
    static let lock = NSLock()
    nonisolated(unsafe) static var installed = false
    /// Process groups of running moderation commands (0 = free), killed by the handler too:
    /// they lead groups of their own, so a Ctrl-C at the terminal does not reach them.
    nonisolated(unsafe) static let groups: UnsafeMutablePointer<pid_t> = {
        let t = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        t.initialize(repeating: 0, count: capacity)
        return t
    }()

    /// Installs the SIGINT/SIGTERM handlers once. Exit status is 128 + the signal's number,
    /// as shells report it (130 for SIGINT, 143 for SIGTERM).
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        if installed { return }
        installed = true
        let handler: @convention(c) (Int32) -> Void = { sig in
            for i in 0..<SignalCleanup.capacity {
                if let path = SignalCleanup.table[i] { unlink(path) }
                if SignalCleanup.groups[i] > 0 { kill(-SignalCleanup.groups[i], SIGKILL) }
                if SignalCleanup.gentleGroups[i] > 0 { kill(-SignalCleanup.gentleGroups[i], SIGTERM) }
            }
            // Batch children remove their own temporary files on SIGTERM: wait for them.
            for i in 0..<SignalCleanup.capacity where SignalCleanup.gentleGroups[i] > 0 {
                var status: Int32 = 0
                _ = waitpid(SignalCleanup.gentleGroups[i], &status, 0)
            }
            _exit(128 + sig)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (some process launchers
        // do); blocked, they would never reach the handler and the render would run on.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static func register(_ path: String) -> Int? {
        install()
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity where table[i] == nil {
            table[i] = strdup(path)
            return i
        }
        return nil
    }

    /// Process groups of batch children (0 = free): sent SIGTERM and waited for.
    nonisolated(unsafe) static let gentleGroups: UnsafeMutablePointer<pid_t> = {
        let t = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        t.initialize(repeating: 0, count: capacity)
        return t
    }()

    /// Records a process group to kill (or, `gently`, to terminate and wait for) on SIGINT or
    /// SIGTERM; nil when the table is full.
    static func registerGroup(_ group: pid_t, gently: Bool = false) -> Int? {
        install()
        lock.lock()
        defer { lock.unlock() }
        let table = gently ? gentleGroups : groups
        for i in 0..<capacity where table[i] == 0 {
            table[i] = group
            return gently ? capacity + i : i
        }
        return nil
    }

    static func unregisterGroup(_ slot: Int) {
        lock.lock()
        if slot >= capacity { gentleGroups[slot - capacity] = 0 } else { groups[slot] = 0 }
        lock.unlock()
    }

    static func unregister(_ slot: Int) {
        lock.lock()
        defer { lock.unlock() }
        let p = table[slot]
        table[slot] = nil
        free(p)
    }
}
