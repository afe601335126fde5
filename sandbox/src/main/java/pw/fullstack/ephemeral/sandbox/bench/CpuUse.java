package pw.fullstack.ephemeral.sandbox.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time each process used over the measured window (the difference of two {@code utime + stime} readings), in
 * milliseconds and per environment: what two runs on a noisy machine agree on better than wall-clock latencies.
 * Part of it is idle work that grows with the window's length, not with the environments (Kafka polls, lease
 * renewals, the reaper's and installer's passes, the JIT): measured at rest before the window, it is reported apart
 * and taken off in the "above idle" figures, so a window stretched by someone else's load does not inflate them.
 * The launcher's share is what the stand-ins (and the broker, which runs in the same JVM) cost; the services' is what
 * the saga costs.
 *
 * @param processes    per process, in report order
 * @param environments environments brought up in the window
 */
public record CpuUse(List<Process> processes, int environments) {

    public CpuUse {
        processes = List.copyOf(processes);
    }

    /**
     * One process's CPU over the window, and what it would have used at rest over the same time.
     * {@code launcher}: the stand-ins' and broker's JVM.
     */
    public record Process(String name, boolean launcher, long millis, long idleMillis) {

        public long aboveIdleMillis() {
            return Math.max(0, millis - idleMillis);
        }
    }

    /** Clock ticks per second each process used between two readings {@code millis} apart (at rest). */
    public static Map<String, Double> ticksPerSecond(Map<String, Long> before, Map<String, Long> after, long millis) {
        Map<String, Double> rates = new LinkedHashMap<>();
        after.forEach((name, ticks) -> rates.put(name, millis <= 0 ? 0 : Math.max(0, ticks - before.getOrDefault(name, ticks))
                * 1000.0 / millis));
        return rates;
    }

    /**
     * From {@code utime + stime} readings (clock ticks) before and after a window of {@code windowMillis}, by process
     * name, with each one's rate at rest; a process read only once (or whose counter went back, i.e. it was restarted)
     * counts from zero.
     */
    public static CpuUse between(Map<String, Long> ticksBefore, Map<String, Long> ticksAfter, Map<String, Double> idleTicksPerSecond,
                                 long windowMillis, String launcherName, long clockTicksPerSecond, int environments) {
        List<Process> processes = new ArrayList<>();
        ticksAfter.forEach((name, after) -> {
            long before = ticksBefore.getOrDefault(name, 0L);
            long ticks = after >= before ? after - before : after;
            double idleTicks = idleTicksPerSecond.getOrDefault(name, 0.0) * windowMillis / 1000.0;
            processes.add(new Process(name, name.equals(launcherName), ticks * 1000 / clockTicksPerSecond,
                    Math.round(idleTicks * 1000 / clockTicksPerSecond)));
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

    public long servicesAboveIdleMillis() {
        return processes.stream().filter(p -> !p.launcher()).mapToLong(Process::aboveIdleMillis).sum();
    }

    public long launcherAboveIdleMillis() {
        return processes.stream().filter(Process::launcher).mapToLong(Process::aboveIdleMillis).sum();
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

    /** The launcher's share of the CPU used above idle, 0..1. */
    public double launcherShareAboveIdle() {
        long total = servicesAboveIdleMillis() + launcherAboveIdleMillis();
        return total == 0 ? 0 : (double) launcherAboveIdleMillis() / total;
    }

    /** The processes' milliseconds by name, in report order. */
    public Map<String, Long> millisByName() {
        Map<String, Long> byName = new LinkedHashMap<>();
        processes.forEach(p -> byName.put(p.name(), p.millis()));
        return byName;
    }
}
