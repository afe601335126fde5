package pw.fullstack.ephemeral.bridge.redelivery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * A webhook whose deliveries the pass reads, by the path of its REST resources: {@code /app/hook} (the
 * GitHub App's webhook), {@code /repos/{owner}/{repo}/hooks/{hook_id}} or {@code /orgs/{org}/hooks/{hook_id}}.
 *
 * @param path the resource, to which {@code /deliveries} is appended
 * @param name how logs and the readiness check name it
 */
public record HookEndpoint(String path, String name) {

    static final String SETTING = "bridge.redelivery.hooks";
    private static final String PART = "[A-Za-z0-9._-]{1,100}";
    private static final Pattern REPOSITORY = Pattern.compile("(" + PART + ")/(" + PART + "):([0-9]{1,19})");
    private static final Pattern ORGANIZATION = Pattern.compile("(" + PART + "):([0-9]{1,19})");

    public static HookEndpoint app() {
        return new HookEndpoint("/app/hook", "the App's webhook");
    }

    /** {@code owner/name:<hook id>} or {@code org:<hook id>} ({@code X-GitHub-Hook-ID}, or the number in the webhook's settings URL). */
    public static HookEndpoint parse(String setting) {
        String text = setting == null ? "" : setting.trim();
        Matcher m;
        if ((m = REPOSITORY.matcher(text)).matches()) {
            return new HookEndpoint("/repos/" + m.group(1) + "/" + m.group(2) + "/hooks/" + m.group(3),
                    "webhook " + m.group(3) + " of " + m.group(1) + "/" + m.group(2));
        }
        if ((m = ORGANIZATION.matcher(text)).matches()) {
            return new HookEndpoint("/orgs/" + m.group(1) + "/hooks/" + m.group(2), "webhook " + m.group(2) + " of " + m.group(1));
        }
        throw new InvalidInputException(SETTING, InvalidInputException.quote(setting)
                + " is neither owner/name:<hook id> (a repository's webhook) nor org:<hook id> (an organisation's)");
    }
}
