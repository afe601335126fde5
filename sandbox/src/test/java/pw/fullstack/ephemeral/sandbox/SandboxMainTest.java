package pw.fullstack.ephemeral.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line as a user meets it: the launcher run as its own JVM, as ./sandbox.sh runs it. */
class SandboxMainTest {

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        Run run = launch("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("usage: ./sandbox.sh").contains("--keep-running").contains("--replicas N")
                .contains("--help");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsageAndExitsTwoWithoutAStackTrace() throws Exception {
        Run run = launch("--keep-runing");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue("./sandbox.sh: unknown option --keep-runing");
        assertThat(run.err()).contains("usage: ./sandbox.sh").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadNumberSaysWhatTheOptionNeeds() throws Exception {
        for (String[] args : List.of(new String[] {"--bench", "many"}, new String[] {"--replicas", "4"},
                new String[] {"--soak"}, new String[] {"--soak", "3", "--seed", "-1"})) {
            Run run = launch(args);

            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err().lines().findFirst().orElse("")).as(String.join(" ", args))
                    .startsWith("./sandbox.sh: " + args[args.length == 4 ? 2 : 0] + " needs");
            assertThat(run.err()).contains("usage: ./sandbox.sh").doesNotContain("Exception");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not exit within 60 s: it started a sandbox?");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
