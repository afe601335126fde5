package pw.fullstack.ephemeral.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields of a {@code /proc/<pid>/stat} (or {@code /proc/<pid>/task/<tid>/stat}) line the bench reads:
 * the thread or process name ({@code comm}, at most 15 characters) and the CPU time spent in user and
 * kernel mode, in clock ticks ({@code utime + stime}, fields 14 and 15).
 */
public record ProcStat(String comm, long cpuTicks) {

    /**
     * Parses one stat line. {@code comm} is in parentheses and may itself hold spaces and parentheses, so the
     * fields are counted from the last {@code ')'}.
     */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        // after ") ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12
        String[] rest = line.substring(close + 2).trim().split(" +");
        return new ProcStat(line.substring(open + 1, close), Long.parseLong(rest[11]) + Long.parseLong(rest[12]));
    }

    /** The stat of a process or task, or empty when it is gone (or this is not Linux). */
    public static Optional<ProcStat> read(Path statFile) {
        try {
            return Optional.of(parse(Files.readString(statFile)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Optional<ProcStat> ofProcess(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }
}
