internal import CAliveShims

/// How the process's allocator treats big buffers.
public enum ProcessMemory {
    /// Big buffers (plates, the guided filter's planes) come from the heap and stay there once
    /// freed: glibc otherwise maps each one fresh and the kernel zeroes every page again (about
    /// a second of system time in a 4 MP clip's preparation), for about a tenth more peak
    /// memory. For a command-line process, called once at its start.
    public static func keepFreedMemory() { alive_keep_freed_memory() }
}
