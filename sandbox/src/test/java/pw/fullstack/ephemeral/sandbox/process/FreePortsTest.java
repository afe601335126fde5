package pw.fullstack.ephemeral.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    /** Eight ports the test's other JVM takes: a block of its own, so a build running beside this one meets it seldom. */
    private static final int LOWEST = FreePorts.LOWEST + 8 * new java.util.Random().nextInt(2_500);
    private static final int BELOW = LOWEST + 8;

    @Test
    void handsOutPortsBelowTheKernelsEphemeralRangeThatNobodyListensOnEachOnce() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            int port = FreePorts.next();
            assertThat(port).isBetween(FreePorts.LOWEST, FreePorts.ephemeralRangeStart() - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }

    /** Two sandboxes started at once, as the ITs' two forks do: each JVM keeps the ports it handed out. */
    @Test
    void aPortAnotherJvmHandedOutIsNotHandedOutAgainWhileThatJvmLives() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OtherJvm.class.getName(), String.valueOf(LOWEST), String.valueOf(BELOW)).redirectErrorStream(true).start();
        try {
            List<Integer> theirs = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < BELOW - LOWEST; i++) {
                theirs.add(Integer.parseInt(lines.readLine().trim()));
            }

            int mine = FreePorts.next(LOWEST, BELOW);

            assertThat(mine).as("none of the other JVM's ports (%s), so one the kernel picks", theirs).isNotIn(theirs)
                    .isGreaterThanOrEqualTo(BELOW);
        } finally {
            other.getOutputStream().close();
            other.waitFor(10, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
    }

    /** Takes every port of a range, prints them, and holds them until its standard input closes. */
    static final class OtherJvm {

        public static void main(String[] args) throws IOException {
            int lowest = Integer.parseInt(args[0]);
            int below = Integer.parseInt(args[1]);
            for (int i = 0; i < below - lowest; i++) {
                System.out.println(FreePorts.next(lowest, below));
            }
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test is done
            }
        }
    }
}
