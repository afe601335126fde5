package pw.fullstack.ephemeral.deploy.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maven run on this project from a test, the way a team runs it, with the installation, local repository
 * and offline mode of the build that runs the test (surefire passes them; without them: {@code mvn} on
 * the PATH, online). Every run is bounded.
 */
final class ProjectMaven {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path projectRoot;

    ProjectMaven(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    /** The project's root: the module runs with its own directory as working directory, one level below. */
    static ProjectMaven ofThisProject() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("run from the deploy module's directory (surefire does): no project root above "
                    + Path.of("").toAbsolutePath());
        }
        return new ProjectMaven(root);
    }

    Path root() {
        return projectRoot;
    }

    MavenRun run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.add("-B");
        if (System.getProperty("images.test.offline", "").equals("offline:true")) {
            command.add("-o");
        }
        String localRepository = System.getProperty("images.test.local-repository", "");
        if (!localRepository.isBlank() && !localRepository.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.add("-f");
        command.add(projectRoot.resolve("pom.xml").toString());
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("project-maven-", ".log");
            Process process = new ProcessBuilder(command)
                    .directory(projectRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("Maven did not finish within " + TIMEOUT + ": " + command + "\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            return new MavenRun(command, process.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String executable() {
        String home = System.getProperty("images.test.maven-home", "");
        if (!home.isBlank() && !home.startsWith("${")) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toString();
            }
        }
        return "mvn";
    }

    record MavenRun(List<String> command, int exitCode, String output) {

        MavenRun requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException("Maven failed (" + exitCode + "): " + command + "\n" + output);
            }
            return this;
        }
    }
}
