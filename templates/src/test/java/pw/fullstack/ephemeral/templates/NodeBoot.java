package pw.fullstack.ephemeral.templates;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What cloud-init does on the node with a KThreesControlPlane's {@code files} and {@code preK3sCommands},
 * under a scratch directory instead of {@code /}: write_files first (decoding base64 content, setting the
 * permissions; ownership is left out), then the commands in one {@code sh} script as runcmd runs them, with
 * {@code chown} recorded instead of done (the test's user need not be root, nor the node's user exist).
 */
final class NodeBoot {

    private static final List<String> ROOTED = List.of("/home/", "/etc/", "/var/");

    /** What came out: the scratch root, the chown calls, the script's output. */
    record Node(Path root, List<String> chowns, String output) {
        Path path(String absolute) {
            return root.resolve(absolute.substring(1));
        }
    }

    private NodeBoot() {
    }

    static Node boot(JsonNode controlPlane, Path root) throws IOException, InterruptedException {
        JsonNode spec = controlPlane.at("/spec/kthreesConfigSpec");
        for (JsonNode file : spec.path("files")) {
            Path path = root.resolve(file.path("path").asText().substring(1));
            Files.createDirectories(path.getParent());
            String content = file.path("content").asText();
            byte[] bytes = file.path("encoding").asText().equals("base64")
                    ? Base64.getDecoder().decode(content) : content.getBytes(StandardCharsets.UTF_8);
            Files.write(path, bytes);
            if (file.hasNonNull("permissions")) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rwx(file.path("permissions").asText())));
            }
        }
        StringBuilder script = new StringBuilder("chown() { printf '%s\\n' \"$*\" >> \"$NODE_ROOT/chown.log\"; }\n");
        for (JsonNode command : spec.path("preK3sCommands")) {
            String rooted = command.asText();
            for (String prefix : ROOTED) {
                rooted = rooted.replace(prefix, root + prefix);
            }
            script.append(rooted).append('\n');
        }
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script.toString()).redirectErrorStream(true)
                .directory(root.toFile());
        builder.environment().put("NODE_ROOT", root.toString());
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the node's commands did not finish in 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Path log = root.resolve("chown.log");
        List<String> chowns = Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
        return new Node(root, chowns, output);
    }

    /** "0644" as "rw-r--r--". */
    private static String rwx(String octal) {
        StringBuilder text = new StringBuilder();
        for (char digit : octal.substring(octal.length() - 3).toCharArray()) {
            int bits = digit - '0';
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }
}
