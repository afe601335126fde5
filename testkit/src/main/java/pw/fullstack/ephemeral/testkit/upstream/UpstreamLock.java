package pw.fullstack.ephemeral.testkit.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest {@code upstream.lock} at the project's root: for each file of another project that the
 * tests and the sandbox read, where it comes from and its SHA-256. The build packages it into testkit,
 * so the launcher and every module's tests check against the same pins.
 *
 * @param entries by path in the upstream directory, in the manifest's order
 */
public record UpstreamLock(Map<String, Entry> entries) {

    /** Where testkit's jar carries the root's {@code upstream.lock}. */
    public static final String RESOURCE = "pw/fullstack/ephemeral/testkit/upstream/upstream.lock";

    /**
     * One pinned file.
     *
     * @param path    relative to the upstream directory, with {@code /}
     * @param sha256  lower-case hex
     * @param project e.g. {@code kubernetes-sigs/cluster-api} or an npm package
     * @param version tag, release or commit
     * @param source  an https URL pinned to a commit, or {@code npm:<package>@<version>:<file>}
     * @param extract the named extraction {@code fetch-upstream.sh} applies to the source, if the file is an extract
     */
    public record Entry(String path, String sha256, String project, String version, String source,
                        Optional<String> extract) {
    }

    public UpstreamLock {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** The manifest packaged with testkit. */
    public static UpstreamLock bundled() {
        try (InputStream in = UpstreamLock.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path: testkit is built with the "
                        + "project root's upstream.lock as a resource (testkit/pom.xml)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of whitespace-separated columns: path, sha256, project, version, source, [extract=NAME]; {@code #} starts a comment. */
    public static UpstreamLock parse(String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\\s+");
            if (columns.length < 5 || columns.length > 6 || !columns[1].matches("[0-9a-f]{64}")
                    || (columns.length == 6 && !columns[5].startsWith("extract="))) {
                throw new IllegalArgumentException("upstream.lock line " + (i + 1)
                        + ": expected 'path sha256 project version source [extract=NAME]', got: " + line);
            }
            Optional<String> extract = columns.length == 6 ? Optional.of(columns[5].substring("extract=".length())) : Optional.empty();
            Entry entry = new Entry(columns[0], columns[1], columns[2], columns[3], columns[4], extract);
            if (entries.put(entry.path(), entry) != null) {
                throw new IllegalArgumentException("upstream.lock line " + (i + 1) + ": " + entry.path() + " is listed twice");
            }
        }
        return new UpstreamLock(entries);
    }

    public List<String> paths() {
        return new ArrayList<>(entries.keySet());
    }
}
