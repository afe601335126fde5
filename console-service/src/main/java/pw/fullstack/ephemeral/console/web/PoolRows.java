package pw.fullstack.ephemeral.console.web;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** The pool section, in words; {@code error} says why the allocator's answer is missing. */
@TemplateData
public record PoolRows(boolean known, String error, int total, int free, int held, int addressesPerCluster, String ranges,
                       List<Held> allocations, List<Waiting> queue) {

    @TemplateData
    public record Held(String addresses, String cluster, String pr, String timelineUrl, String run, String since) {
    }

    @TemplateData
    public record Waiting(int position, String pr, String timelineUrl, String cluster, String queuedAt) {
    }
}
