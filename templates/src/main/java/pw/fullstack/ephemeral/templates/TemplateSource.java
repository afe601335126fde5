package pw.fullstack.ephemeral.templates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where templates come from: an operator's directory first (if configured and the file is there),
 * else the copy packaged in this jar. Names are relative paths such as
 * {@code cluster-api/k3s-cluster.yaml.tpl}; the override directory mirrors that layout.
 */
public final class TemplateSource {

    public static final String CLUSTER_TEMPLATE = "cluster-api/k3s-cluster.yaml.tpl";
    private static final String CLASSPATH_ROOT = "pw/fullstack/ephemeral/templates/";
    private static final long MAX_BYTES = 1_000_000;

    private final Optional<Path> overrideDirectory;

    private TemplateSource(Optional<Path> overrideDirectory) {
        this.overrideDirectory = overrideDirectory;
    }

    public static TemplateSource packaged() {
        return new TemplateSource(Optional.empty());
    }

    public static TemplateSource withOverride(Optional<Path> directory) {
        return new TemplateSource(directory);
    }

    /** The template text and where it was read from. */
    public record Template(String name, String origin, String text) {
    }

    public Template load(String name) {
        if (name.contains("..") || name.startsWith("/")) {
            throw new TemplateException("template name " + name + " must be a relative path without ..");
        }
        if (overrideDirectory.isPresent()) {
            Path file = overrideDirectory.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    if (Files.size(file) > MAX_BYTES) {
                        throw new TemplateException("template " + file + " is larger than " + MAX_BYTES + " bytes");
                    }
                    return new Template(name, file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new TemplateException("cannot read template " + file + ": " + e.getMessage(), e);
                }
            }
        }
        String resource = CLASSPATH_ROOT + name;
        try (InputStream in = TemplateSource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new TemplateException("no template " + name + " on the classpath");
            }
            return new Template(name, "classpath:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TemplateException("cannot read template " + resource + ": " + e.getMessage(), e);
        }
    }
}
