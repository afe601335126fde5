package pw.fullstack.ephemeral.console.web;

import io.quarkus.qute.TemplateData;

/**
 * One line of the environments table, every value already in words: the templates only place them.
 *
 * @param lastEventAt ISO-8601; the page's script turns it into an age
 * @param resting     nothing is expected to happen without an outside cause; otherwise a long silence is a stall
 * @param expires     when and why it expires, as the reaper (or its ClusterExpired) says; empty when not known
 */
@TemplateData
public record EnvironmentRow(String pr, String prUrl, String timelineUrl, String repository, String cluster, String state,
                             boolean resting, String addresses, String openedAt, String lastEventAt, String lastEventType,
                             String expires, String environmentUrl, boolean closed, String failure, int queuePosition,
                             int runs, int deadLetters) {
}
