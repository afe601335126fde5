package pw.fullstack.ephemeral.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the manifests are: this module's directory (the tests run in it). */
final class DeployTree {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path BASE = ROOT.resolve("base");
    static final Path OVERLAYS = ROOT.resolve("overlays");
    static final Path README = ROOT.resolve("README.md");
    static final String NAMESPACE = "ephemeral-clusters";

    /** The services, as their base directories (and their Deployments, ServiceAccounts, ...) are named. */
    static final List<String> SERVICES = List.of("allocator", "provisioner", "installer", "reaper", "notifier", "github-bridge",
            "console");

    private DeployTree() {
    }

    /** The service's Maven module, beside this one. */
    static Path module(String service) {
        return ROOT.resolve("..").resolve(service.equals("github-bridge") ? "github-bridge" : service + "-service").normalize();
    }

    /** Every directory a site renders: the base and every kustomization (not component) under overlays/. */
    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(OVERLAYS)) {
            List<Path> overlays = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .filter(f -> !read(f).contains("kind: Component")).map(Path::getParent).sorted().toList();
            return Stream.concat(Stream.of(BASE), overlays.stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Path kustomization) {
        return ROOT.relativize(kustomization).toString();
    }
}
