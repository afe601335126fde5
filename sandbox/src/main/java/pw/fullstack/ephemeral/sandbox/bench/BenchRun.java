package pw.fullstack.ephemeral.sandbox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one bench run measured, for the report's sections to print (and for further sections, e.g. a critical
 * path over {@link #timelines}, to add).
 *
 * @param environments  PRs opened in the measured window (all of them got ready)
 * @param window        from the first measured PrOpened sent to the last PhasesInstalled seen
 * @param timelines     each measured run's milestones
 * @param cpu           CPU per process over the window
 * @param launcherCpu   the launcher's CPU over the window by part (broker, stand-ins, JVM), milliseconds
 * @param timers        per service, its Micrometer timers over the window
 * @param starts        per JVM, time to ready and RSS after the bench
 */
public record BenchRun(int environments, Duration window, List<RunTimeline> timelines, CpuUse cpu,
                       Map<String, Long> launcherCpu, Map<String, List<TimerFigures>> timers, List<ServiceStart> starts) {

    public BenchRun {
        timelines = List.copyOf(timelines);
        launcherCpu = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(launcherCpu));
        timers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timers));
        starts = List.copyOf(starts);
    }
}
