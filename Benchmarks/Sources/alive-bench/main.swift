import AliveCore
import AliveProbe
import CWarpPeer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// `make bench`: alive against its peers, measured in the same run on the same machine, so
// the ratios mean something on a noisy shared machine. Prints a table; asserts nothing.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let alive = ProcessInfo.processInfo.environment["ALIVE_BIN"] ?? root.appendingPathComponent(".build/release/alive").path
let work = FileManager.default.temporaryDirectory.appendingPathComponent("alive-bench")
try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
let quick = CommandLine.arguments.contains("--quick")

func line(_ s: String) { print(s); fflush(nil) }

// MARK: - Processes: wall time, and peak memory from the child's own VmHWM

struct Run { var status: Int32; var seconds: Double; var peakMB: Double; var cpuSeconds: Double }

/// Runs a command and measures its wall time, its CPU time (user + system, from wait4's
/// rusage of that child alone) and its peak resident memory. The peak is polled from
/// /proc/PID/status (VmHWM of the child's own address space): wait4's ru_maxrss would
/// include this benchmark's own memory, which a spawned child inherits in that count.
func measure(_ argv: [String], stdout: String = "/dev/null") -> Run {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
    posix_spawn_file_actions_destroy(&actions)
    guard rc == 0 else { return Run(status: -1, seconds: 0, peakMB: 0, cpuSeconds: 0) }
    var status: Int32 = 0
    var usage = rusage()
    var peakKB = 0.0
    while wait4(pid, &status, WNOHANG, &usage) == 0 {
        if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
            peakKB = max(peakKB, kb)
        }
        usleep(5_000)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func time(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return Run(status: (status >> 8) & 0xff, seconds: seconds, peakMB: peakKB / 1024,
               cpuSeconds: time(usage.ru_utime) + time(usage.ru_stime))
}

func lumaFrames(_ path: String, width: Int, height: Int) -> [GrayImage] {
    let raw = work.appendingPathComponent("frames.gray").path
    _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", raw])
    guard let data = FileManager.default.contents(atPath: raw) else { return [] }
    let n = width * height
    return stride(from: 0, to: data.count - n + 1, by: n).map { GrayImage(width: width, height: height, bytes: data[$0..<$0 + n]) }
}

func jitter(_ path: String, width: Int, height: Int) -> Double {
    let frames = lumaFrames(path, width: width, height: height)
    let motions = MotionProbe.motions(frames)
    return Jitter.residualRMS(motions, width: width, height: height)
}

// MARK: - 1. The warp kernel against plain C, one thread

func kernel() {
    let (sw, sh, dw, dh) = (1300, 2300, 1080, 1920)
    let source = FrameBuffer(width: sw, height: sh)
    source.withMutablePixels { p in
        for i in p.indices { p[i] = Pixel(Float(i % 251) / 251, Float(i % 13) / 13, Float(i % 97) / 97, 1) }
    }
    let swiftOut = FrameBuffer(width: dw, height: dh), cOut = FrameBuffer(width: dw, height: dh)
    var bestSwift = Double.infinity, bestC = Double.infinity
    for k in 0..<(quick ? 4 : 15) {
        // A zoom with sub-pixel offsets, different each round.
        let map = AffineMap(a: 1.1 + Float(k) * 0.003, b: 0, c: 20.3, d: 0, e: 1.1 + Float(k) * 0.003, f: 30.7)
        var t = DispatchTime.now().uptimeNanoseconds
        BilinearWarp.render(source: source, map: map, into: swiftOut, schedule: .serial)
        bestSwift = min(bestSwift, Double(DispatchTime.now().uptimeNanoseconds - t) / Double(dw * dh))
        t = DispatchTime.now().uptimeNanoseconds
        source.withPixels { s in
            cOut.withMutablePixels { d in
                s.withMemoryRebound(to: Float.self) { sf in
                    d.withMemoryRebound(to: Float.self) { df in
                        warp_peer_affine(sf.baseAddress, Int32(sw), Int32(sh), df.baseAddress, Int32(dw), Int32(dh),
                                         map.a, map.b, map.c, map.d, map.e, map.f)
                    }
                }
            }
        }
        bestC = min(bestC, Double(DispatchTime.now().uptimeNanoseconds - t) / Double(dw * dh))
    }
    var worst: Float = 0
    swiftOut.withPixels { a in cOut.withPixels { b in for i in a.indices { worst = max(worst, abs(a[i].x - b[i].x)) } } }
    let yuv = YUVFrame(width: dw, height: dh)
    var bestYUV = Double.infinity
    for _ in 0..<(quick ? 3 : 10) {
        let t = DispatchTime.now().uptimeNanoseconds
        BT709.convert(swiftOut, into: yuv, schedule: .serial)
        bestYUV = min(bestYUV, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    line("## Warp kernel: bilinear, float32 RGBA, 1080x1920 output, one thread (best of runs)")
    line(String(format: "alive (Swift)        %6.2f ns/pixel", bestSwift))
    line(String(format: "plain C, clang -O3   %6.2f ns/pixel", bestC))
    line(String(format: "ratio Swift / C      %6.2f   (outputs agree to %.1e)", bestSwift / bestC, worst))
    line(String(format: "BT.709 4:2:0 conversion %6.2f ms/frame (one thread)", bestYUV))
    line("")
}

// MARK: - 2. The whole job against ffmpeg's zoompan, at 4, 12 and 48 megapixels

/// A photo of the given size made once from a real landscape in the test fixtures (sky, sea,
/// clouds: the default clip has scene motion to do on it).
func benchPhoto(width: Int, height: Int) -> String {
    let photo = work.appendingPathComponent("photo-\(width)x\(height).jpg").path
    if !FileManager.default.fileExists(atPath: photo) {
        _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", root.appendingPathComponent("Tests/RealPhotos/sea_clouds.jpg").path,
                     "-vf", "scale=\(width):\(height):flags=lanczos", "-q:v", "2", photo])
    }
    return photo
}

func pipeline(width: Int, height: Int) {
    let photo = benchPhoto(width: width, height: height)
    let seconds = quick ? 2 : 6, frames = seconds * 30
    let ours = work.appendingPathComponent("alive.mp4").path, theirs = work.appendingPathComponent("zoompan.mp4").path
    let common = ["--duration", "\(seconds)", "--preset", "veryfast", "--crf", "20", "--force", "-q"]
    // The same zoom: 1.0 to 1.15 over the clip, centred, 1080x1920, x264 veryfast crf 20;
    // "flat": the plain zoom zoompan does (no depth parallax), and no sound, as zoompan makes
    // none, so the work compared is the same.
    let flat = measure([alive, "animate", photo, "--prompt", "flat zoom in", "-o", ours, "--no-audio"] + common)
    let step = 0.15 / Double(frames - 1)
    let z = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", photo, "-vf",
                     "crop=ih*9/16:ih,zoompan=z='min(1+\(step)*on,1.15)':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=\(frames):s=1080x1920:fps=30",
                     "-frames:v", "\(frames)", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", theirs])
    let jf = jitter(ours, width: 1080, height: 1920), jz = jitter(theirs, width: 1080, height: 1920)
    // x264's own CPU on alive's frames: the flat clip decoded to raw once, then encoded from
    // the raw file with the same settings. alive's render CPU is its total minus that.
    let raw = work.appendingPathComponent("flat.yuv").path
    _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", ours, "-f", "rawvideo", "-pix_fmt", "yuv420p", raw])
    let x264 = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1080x1920",
                        "-r", "30", "-i", raw, "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                        work.appendingPathComponent("x264.mp4").path])
    try? FileManager.default.removeItem(atPath: raw)
    // The default clip: no prompt, so scene motion, depth parallax and the sound bed.
    let standard = measure([alive, "animate", photo, "-o", ours] + common)
    let mp = Double(width * height) / 1e6
    line(String(format: "## %d s clip at 1080x1920 from a %dx%d (%.0f MP) JPEG, zoom 1.0 -> 1.15, x264 veryfast crf 20",
                 seconds, width, height, mp))
    line(String(format: "ffmpeg zoompan           %6.2f s wall  %6.2f s CPU  peak %5.0f MB  exit %d", z.seconds, z.cpuSeconds, z.peakMB, z.status))
    line(String(format: "alive flat zoom          %6.2f s wall  %6.2f s CPU  peak %5.0f MB  exit %d   x%.2f zoompan's wall",
                 flat.seconds, flat.cpuSeconds, flat.peakMB, flat.status, flat.seconds / z.seconds))
    line(String(format: "alive default clip       %6.2f s wall  %6.2f s CPU  peak %5.0f MB  exit %d   x%.2f zoompan's wall",
                 standard.seconds, standard.cpuSeconds, standard.peakMB, standard.status, standard.seconds / z.seconds))
    line(String(format: "x264 alone (same frames) %6.2f s wall  %6.2f s CPU", x264.seconds, x264.cpuSeconds))
    line(String(format: "flat zoom render CPU (alive CPU - x264 CPU) %.2f s = x%.2f x264's CPU",
                 flat.cpuSeconds - x264.cpuSeconds, (flat.cpuSeconds - x264.cpuSeconds) / x264.cpuSeconds))
    line(String(format: "jitter (RMS residual of frame-to-frame motion): alive %.3f px, zoompan %.3f px", jf, jz))
    line("")
}

// MARK: - 2a. A portrait against a landscape of the same size, the default clip

/// Issue 13's speed target: the default clip of a photo with a person (face search, face
/// life, people kept whole) is no slower than that of a landscape of the same size.
/// grace_hopper and the sea landscape, each scaled and cropped to `width x height`.
func portraitAgainstLandscape(width: Int, height: Int) {
    let seconds = quick ? 2 : 6
    let portrait = work.appendingPathComponent("portrait-\(width)x\(height).jpg").path
    if !FileManager.default.fileExists(atPath: portrait) {
        _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i",
                     root.appendingPathComponent("Tests/AliveFacesTests/Fixtures/people/grace_hopper.jpg").path,
                     "-vf", "scale=\(width):\(height):force_original_aspect_ratio=increase:flags=lanczos,crop=\(width):\(height)",
                     "-q:v", "2", portrait])
    }
    let common = ["--duration", "\(seconds)", "--preset", "veryfast", "--crf", "20", "--force", "-q",
                  "-o", work.appendingPathComponent("people.mp4").path]
    line(String(format: "## %d s default clip at 1080x1920 from a %dx%d JPEG: a portrait against a landscape", seconds, width, height))
    var runs: [Run] = []
    for (name, photo) in [("landscape (sea_clouds)", benchPhoto(width: width, height: height)), ("portrait (grace_hopper)", portrait)] {
        let r = measure([alive, "animate", photo] + common)
        runs.append(r)
        line(String(format: "%-24@ %6.2f s wall  %6.2f s CPU  peak %5.0f MB  exit %d", name as NSString, r.seconds, r.cpuSeconds,
                    r.peakMB, r.status))
    }
    line(String(format: "portrait / landscape: x%.2f wall, x%.2f CPU", runs[1].seconds / runs[0].seconds,
                runs[1].cpuSeconds / runs[0].cpuSeconds))
    line("")
}

// MARK: - 2b. Scene analysis of a 12 MP photo, one call (Understand)

func understand() {
    let path = benchPhoto(width: 4000, height: 3000)
    let rgba = work.appendingPathComponent("understand.rgba").path
    _ = measure(["/usr/bin/ffmpeg", "-v", "error", "-y", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgba", rgba])
    guard let data = FileManager.default.contents(atPath: rgba) else { return }
    let photo = Photo(width: 4000, height: 3000, pixels: [UInt8](data), hasAlpha: false)
    var best = Double.infinity
    for _ in 0..<(quick ? 2 : 5) {
        let t = DispatchTime.now().uptimeNanoseconds
        _ = SceneAnalysis.analyze(photo)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    line("## Scene analysis (sky, water, foliage, subject, depth) of a 4000x3000 photo")
    line(String(format: "SceneAnalysis.analyze    %6.1f ms (best of runs; the budget is 150 ms on one core)", best))
    line("")
}

// MARK: - 3. The sound beds: a 6 s bed synthesised and mastered, one thread

func sound() {
    line("## Sound beds: 6 s at 48 kHz stereo, synthesised, loudness-normalised, limited, faded (best of runs)")
    for bed in SoundBed.allCases {
        var best = Double.infinity
        for _ in 0..<(quick ? 2 : 5) {
            let t = DispatchTime.now().uptimeNanoseconds
            let audio = SoundMaster.bed(bed, count: 6 * StereoAudio.standardRate, seed: 1, loop: false)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            precondition(audio.count == 6 * StereoAudio.standardRate)
        }
        line(bed.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0) + String(format: "%6.1f ms", best))
    }
    line("")
}

// MARK: - 4. Memory does not grow with the clip's length

func memory() {
    let photo = benchPhoto(width: 8000, height: 6000)
    line("## Peak memory (RSS) of alive animate, 8000x6000 JPEG, 1080x1920")
    var peaks: [Double] = []
    for seconds in quick ? [2, 4] : [5, 20] {
        let r = measure([alive, "animate", photo, "--prompt", "pan right", "--duration", "\(seconds)", "--preset", "ultrafast",
                         "-o", work.appendingPathComponent("mem.mp4").path, "--force", "-q"])
        peaks.append(r.peakMB)
        line(String(format: "%2d s clip            %6.0f MB   %6.2f s wall   exit %d", seconds, r.peakMB, r.seconds, r.status))
    }
    line(String(format: "growth long / short  %6.2f", peaks[1] / peaks[0]))
    line("")
}

// MARK: - 4. The full effect stack against the camera alone

func scene() {
    let photo = benchPhoto(width: 8000, height: 6000)
    let seconds = quick ? 2 : 6
    line("## \(seconds) s clip at 1080x1920 from the 8000x6000 JPEG (sea and clouds): effects against the camera alone")
    var base = 0.0
    for (name, prompt) in [("camera only (flat zoom)", "flat zoom in"), ("zoom with depth parallax", "zoom in"),
                           ("sky drift, parallax, fog, snow", "clouds drift left, fog, snow, zoom in"),
                           ("cinemagraph (sky only)", "clouds drift left")] {
        let r = measure([alive, "animate", photo, "--prompt", prompt, "--duration", "\(seconds)", "--preset", "veryfast",
                         "--crf", "20", "-o", work.appendingPathComponent("scene.mp4").path, "--force", "-q", "--no-audio"])
        if base == 0 { base = r.seconds }
        line(String(format: "%-32@ %6.2f s wall  x%.2f camera-only  %.2fx real time  peak %5.0f MB  exit %d",
                     name as NSString, r.seconds, r.seconds / base, Double(seconds) / r.seconds, r.peakMB, r.status))
    }
    line("")
}

// `alive-bench --jitter FILE WIDTH HEIGHT`: the jitter of any video, for a look at one file.
if let i = CommandLine.arguments.firstIndex(of: "--jitter"), CommandLine.arguments.count > i + 3 {
    let args = CommandLine.arguments
    let w = Int(args[i + 2])!, h = Int(args[i + 3])!
    let motions = MotionProbe.motions(lumaFrames(args[i + 1], width: w, height: h))
    for (n, m) in motions.enumerated() {
        line(String(format: "%3d scale %.6f tx %+.4f ty %+.4f", n, m.scale, m.tx, m.ty))
    }
    line(String(format: "jitter %.4f px RMS", Jitter.residualRMS(motions, width: w, height: h)))
    exit(0)
}

// One group of rows alone, for a quick look on a shared machine (each takes --quick too):
// --pipeline  the 4 MP rows against zoompan (issue 11's speed targets)
// --faces     the face models and whole face searches
// --people    the portrait against the landscape (issue 13)
// --understand the scene analysis of a 12 MP photo (issue 12's budget)
let groups: [(flag: String, run: () -> Void)] = [
    ("--pipeline", { pipeline(width: 2560, height: 1600) }),
    ("--faces", faces),
    ("--people", { portraitAgainstLandscape(width: 2560, height: 1600) }),
    ("--understand", understand),
]
let usage = """
    usage: alive-bench [--quick] [--pipeline | --faces | --people | --understand]
           alive-bench --jitter FILE WIDTH HEIGHT
    With no group flag every row runs (several minutes). --quick: shorter clips, fewer repeats
    and only the 4 MP pipeline size.
    """
let known = Set(groups.map(\.flag) + ["--quick"])
for argument in CommandLine.arguments.dropFirst() where !known.contains(argument) {
    if argument == "--help" || argument == "-h" {
        print(usage)
        exit(0)
    }
    FileHandle.standardError.write(Data("alive-bench: unknown argument \(argument)\n\(usage)\n".utf8))
    exit(64)
}
line("alive benchmarks: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(quick ? "quick" : "full") run")
line("")
if let group = groups.first(where: { CommandLine.arguments.contains($0.flag) }) {
    group.run()
    exit(0)
}
faces()
kernel()
for (width, height) in quick ? [(2560, 1600)] : [(2560, 1600), (4000, 3000), (8000, 6000)] {
    pipeline(width: width, height: height)
}
portraitAgainstLandscape(width: 2560, height: 1600)
understand()
scene()
sound()
memory()
