package pw.fullstack.ephemeral.sandbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time each process used over the measured window (the difference of two {@code utime + stime}
 * readings), in milliseconds and per environment: what two runs on a noisy machine agree on, where wall-clock
 * latencies do not. The launcher's share is what the stand-ins (and the broker, which runs in the same JVM)
 * cost; the services' is what the saga costs.
 *
 * @param processes    per process, in report order
 * @param environments environments brought up in the window
 */
public record CpuUse(List<Process> processes, int environments) {

    public CpuUse {
        processes = List.copyOf(processes);
    }

    /** One process's CPU over the window. {@code launcher}: the stand-ins' and broker's JVM. */
    public record Process(String name, boolean launcher, long millis) {
    }

    /**
     * From {@code utime + stime} readings (clock ticks) before and after the window, by process name; a process
     * read only once (or whose counter went back, i.e. it was restarted) counts from zero.
     */
    public static CpuUse between(Map<String, Long> ticksBefore, Map<String, Long> ticksAfter, String launcherName,
                                 long clockTicksPerSecond, int environments) {
        List<Process> processes = new ArrayList<>();
        ticksAfter.forEach((name, after) -> {
            long before = ticksBefore.getOrDefault(name, 0L);
            long ticks = after >= before ? after - before : after;
            processes.add(new Process(name, name.equals(launcherName), ticks * 1000 / clockTicksPerSecond));
        });
        return new CpuUse(processes, environments);
    }

    public long totalMillis() {
        return processes.stream().mapToLong(Process::millis).sum();
    }

    public long servicesMillis() {
        return processes.stream().filter(p -> !p.launcher()).mapToLong(Process::millis).sum();
    }

    public long launcherMillis() {
        return totalMillis() - servicesMillis();
    }

    /** Milliseconds of CPU per environment brought up; 0 when none was. */
    public double perEnvironment(long millis) {
        return environments == 0 ? 0 : (double) millis / environments;
    }

    /** The launcher's (stand-ins' and broker's) share of all CPU used, 0..1. */
    public double launcherShare() {
        long total = totalMillis();
        return total == 0 ? 0 : (double) launcherMillis() / total;
    }

    /** The processes' milliseconds by name, in report order. */
    public Map<String, Long> millisByName() {
        Map<String, Long> byName = new LinkedHashMap<>();
        processes.forEach(p -> byName.put(p.name(), p.millis()));
        return byName;
    }
}
