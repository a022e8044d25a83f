import Foundation
import AliveCore
#if canImport(Glibc)
import Glibc
#endif

/// A studio's own classifier, run at each gate (`--moderation-cmd`).
///
/// The contract (README, Moderation): the command line is handed to `/bin/sh -c` with the gate
/// and its subject as positional parameters, `/bin/sh -c 'CMD "$@"' alive-moderation GATE
/// SUBJECT`, so `CMD` may hold its own arguments while the prompt text (or path) is never
/// parsed by the shell. GATE is `prompt`, `photo` or `video`; SUBJECT is the prompt text, the
/// photo's path or the path of the finished, signed video (a temporary file beside the
/// destination). Standard input is empty. Exit status 0 allows; anything else denies, and the
/// first line of standard output (else of standard error) is the reason shown. A command
/// that cannot start (the shell's 126 or 127) or outlives `timeout` denies; on timeout its
/// whole process group is killed, since the command runs as the leader of a group of its own.
struct ExternalModerator {
    enum Verdict: Equatable {
        case allow
        case deny(rule: String, reason: String)
    }

    static let rule = "moderation-cmd"
    static let timeoutRule = "moderation-cmd-timeout"
    static let unavailableRule = "moderation-cmd-unavailable"
    /// Output kept for the reason; the rest is read and dropped so the command never blocks.
    static let outputLimit = 64 << 10

    var command: String
    var timeout: Double

    func judge(gate: Gate, subject: String) -> Verdict {
        let run: Run
        do { run = try Self.spawn(["/bin/sh", "-c", command + " \"$@\"", "alive-moderation", gate.rawValue, subject],
                                  timeout: timeout)
        } catch {
            return .deny(rule: Self.unavailableRule, reason: "cannot start the moderation command: \(error)")
        }
        let said = Self.firstLine(run.stdout) ?? Self.firstLine(run.stderr)
        if run.timedOut {
            return .deny(rule: Self.timeoutRule,
                         reason: "the moderation command gave no answer within \(Self.seconds(timeout)) (it was stopped)")
        }
        switch run.status {
        case .exited(0): return .allow
        case .exited(let code) where code == 126 || code == 127:
            return .deny(rule: Self.unavailableRule,
                         reason: "the moderation command could not be started (exit \(code)\(said.map { ": " + $0 } ?? ""))")
        case .exited(let code):
            return .deny(rule: Self.rule, reason: said ?? "the moderation command said no (exit \(code))")
        case .signalled(let signal):
            return .deny(rule: Self.rule, reason: "the moderation command was killed by signal \(signal)")
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// The first non-empty line, without control characters, at most 300 characters.
    static func firstLine(_ data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline)
            .map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else { return nil }
        let clean = String(line.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        return clean.count > 300 ? String(clean.prefix(300)) + "…" : clean
    }

    enum Status: Equatable { case exited(Int32), signalled(Int32) }

    struct Run {
        var status: Status
        var timedOut: Bool
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `argv` as the leader of a new process group with stdin from /dev/null, collects
    /// its output and waits at most `timeout` seconds, then kills the group. One thread: the
    /// output pipes are polled while the child is watched with `waitid(WNOWAIT)`, so the group
    /// is killed while its leader is still a zombie holding the group id (never a reused one).
    /// Marks every descriptor above 2 close-on-exec. alive's own are already; this catches
    /// those its parent leaked into it (Foundation's `Process` does), which a command's
    /// leftover child would otherwise hold open, keeping alive's caller waiting. Marking is
    /// harmless if another thread closes or reuses a descriptor meanwhile: alive starts no
    /// other programs that need them.
    static func closeInheritedDescriptorsOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names {
            guard let fd = Int32(name), fd > 2 else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// `terminateGently`: on SIGINT or SIGTERM the group is sent SIGTERM and waited for (a
    /// child alive cleans its own temporary files), rather than killed at once.
    static func spawn(_ argv: [String], timeout: Double, terminateGently: Bool = false) throws(SpawnError) -> Run {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        // Socket pairs rather than pipes: they are created close-on-exec in one call (Glibc's
        // Swift module has no pipe2), so a command started at the same moment by another batch
        // worker never inherits them and holds them open.
        func channel(_ fds: inout [Int32]) -> Bool {
            socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0
        }
        guard channel(&outPipe) else { throw SpawnError(description: "socketpair: \(String(cString: strerror(errno)))") }
        guard channel(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(outPipe[0]); close(errPipe[0]) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)

        closeInheritedDescriptorsOnExec()
        let cArguments = argv.map { FileName.withOSName($0) { strdup($0) } } + [nil]
        defer { for p in cArguments { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else { throw SpawnError(description: "\(argv[0]): \(String(cString: strerror(spawned)))") }
        let slot = SignalCleanup.registerGroup(pid, gently: terminateGently)
        defer { if let slot { SignalCleanup.unregisterGroup(slot) } }

        var out: [UInt8] = [], err: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, timeout) * 1e9)
        var timedOut = false
        var exited = false

        func drain(wait milliseconds: Int32) {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard !fds.isEmpty, poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 16 << 10)
            for fd in fds where fd.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fd.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if fd.fd == outPipe[0] {
                        if out.count < outputLimit { out += buffer[0..<min(n, outputLimit - out.count)] }
                    } else if err.count < outputLimit {
                        err += buffer[0..<min(n, outputLimit - err.count)]
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open.removeAll { $0 == fd.fd }
                }
            }
        }

        while !exited {
            var info = siginfo_t()
            // With WNOHANG and no change, waitid leaves the zeroed siginfo as it was.
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_signo == SIGCHLD {
                exited = true
                break
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline {
                timedOut = true
                break
            }
            if open.isEmpty { usleep(10_000) } else { drain(wait: 10) }
        }
        // The leader has exited or run out of time: nothing of its group may outlive it (a
        // background `sleep` would hold the pipes open, or keep working after a refusal).
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // What the group wrote before it ended; bounded, in case a member escaped the group.
        let drainUntil = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
        while !open.isEmpty && DispatchTime.now().uptimeNanoseconds < drainUntil { drain(wait: 50) }

        let result: Status = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        return Run(status: result, timedOut: timedOut, stdout: out, stderr: err)
    }
}
