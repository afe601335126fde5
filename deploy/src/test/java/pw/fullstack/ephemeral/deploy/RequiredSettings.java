package pw.fullstack.ephemeral.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/README.md's "Required settings" table: {@code | service | `setting` | ... |} rows. */
final class RequiredSettings {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*([a-z-]+)\\s*\\|\\s*`([^`]+)`\\s*\\|");

    private RequiredSettings() {
    }

    static Set<String> listed(String service) {
        String readme = DeployTree.read(DeployTree.README);
        int start = readme.indexOf("\n## Required settings");
        if (start < 0) {
            throw new AssertionError("deploy/README.md has no \"## Required settings\" section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> settings = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find() && m.group(1).equals(service)) {
                settings.add(m.group(2));
            }
        }
        return settings;
    }
}
