package pw.fullstack.ephemeral.sandbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident set size, from {@code /proc/<pid>/status} ({@code VmRSS}). */
public final class MemoryStatus {

    private MemoryStatus() {
    }

    /** {@code VmRSS} in KiB from a status file's text, if present. */
    public static OptionalLong rssKib(String status) {
        return status.lines().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.substring("VmRSS:".length()).trim().split("\\s+")[0]))
                .findFirst();
    }

    public static OptionalLong rssKibOf(long pid) {
        try {
            return rssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
