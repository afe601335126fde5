package pw.fullstack.ephemeral.testkit.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Published files of other projects (CRDs, GitHub's REST description, webhook examples), read from the
 * upstream directory and checked against {@link UpstreamLock} before anyone sees a byte of them: a
 * missing directory, a missing file, a changed file or a file the manifest does not pin fails with a
 * message that names the file and the fix.
 *
 * <p>The directory is a setting: system property {@value #PROPERTY}, else environment variable
 * {@value #ENVIRONMENT}, else {@code ../shared/upstream} beside the project's root (the directory
 * holding {@code upstream.lock}, found from the working directory upwards). The root pom passes the
 * property to surefire and failsafe; {@code sandbox.sh} to the launcher.
 */
public final class UpstreamFiles {

    public static final String PROPERTY = "ephemeral.upstream.dir";
    public static final String ENVIRONMENT = "EPHEMERAL_UPSTREAM_DIR";
    public static final String DEFAULT_RELATIVE_TO_ROOT = "../shared/upstream";
    static final String FETCH = "./fetch-upstream.sh";

    private static volatile UpstreamFiles configured;

    private final Path directory;
    private final UpstreamLock lock;
    private final Map<String, Path> verified = new ConcurrentHashMap<>();

    public UpstreamFiles(Path directory, UpstreamLock lock) {
        this.directory = directory.toAbsolutePath().normalize();
        this.lock = lock;
    }

    /** The files in the configured directory, checked against the manifest packaged with testkit. */
    public static UpstreamFiles configured() {
        UpstreamFiles files = configured;
        if (files == null) {
            synchronized (UpstreamFiles.class) {
                files = configured;
                if (files == null) {
                    files = new UpstreamFiles(configuredDirectory(), UpstreamLock.bundled());
                    configured = files;
                }
            }
        }
        return files;
    }

    public static Path configuredDirectory() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment).toAbsolutePath().normalize();
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("upstream.lock"))) {
                return dir.resolve(DEFAULT_RELATIVE_TO_ROOT).normalize();
            }
        }
        return start.resolve(DEFAULT_RELATIVE_TO_ROOT).normalize();
    }

    public Path directory() {
        return directory;
    }

    public UpstreamLock lock() {
        return lock;
    }

    /** The file at {@code path} (relative to the upstream directory), after its SHA-256 matched the manifest. */
    public Path path(String path) {
        return verified.computeIfAbsent(path, this::verify);
    }

    public byte[] bytes(String path) {
        try {
            return Files.readAllBytes(path(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upstream file " + path, e);
        }
    }

    public InputStream open(String path) {
        try {
            return Files.newInputStream(path(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upstream file " + path, e);
        }
    }

    /** Every pinned file checked; the problems, one per file, empty when all are there unchanged. */
    public List<String> problems() {
        if (!Files.isDirectory(directory)) {
            return List.of("the upstream directory " + directory + " does not exist");
        }
        List<String> problems = new ArrayList<>();
        for (String path : lock.paths()) {
            try {
                path(path);
            } catch (UpstreamFileException e) {
                problems.add(e.problem());
            }
        }
        return problems;
    }

    private Path verify(String path) {
        UpstreamLock.Entry entry = lock.entry(path).orElseThrow(() -> failure(path,
                "is not pinned in upstream.lock", "add a line for it (path, SHA-256, project, version, source) to "
                        + "upstream.lock at the project's root, as its header describes"));
        if (!Files.isDirectory(directory)) {
            throw failure(path, "cannot be read: the upstream directory " + directory + " does not exist", fetchOrPoint());
        }
        Path file = directory.resolve(path).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            throw failure(path, "is missing from " + directory, fetchOrPoint());
        }
        String actual = sha256(file);
        if (!actual.equals(entry.sha256())) {
            throw failure(path, "in " + directory + " differs from upstream.lock (SHA-256 " + actual + ", pinned "
                    + entry.sha256() + " for " + entry.project() + " " + entry.version() + ")",
                    "restore it: " + FETCH + " replaces a changed file with the pinned one; if the pin itself should move, "
                            + "change its line in upstream.lock together with the code that depends on the new content");
        }
        return file;
    }

    private String fetchOrPoint() {
        return "run " + FETCH + " at the project's root to download the files pinned in upstream.lock into it, or point "
                + PROPERTY + " (system property) / " + ENVIRONMENT + " (environment) at a directory that holds them";
    }

    private UpstreamFileException failure(String path, String problem, String fix) {
        return new UpstreamFileException("upstream file " + path + " " + problem,
                "Upstream files are read from " + directory + " (system property " + PROPERTY + ", environment variable "
                        + ENVIRONMENT + ", default " + DEFAULT_RELATIVE_TO_ROOT + " beside the project's root). Fix: " + fix + ".");
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
