package pw.fullstack.ephemeral.sandbox.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ports on loopback nobody listens on, for service JVMs that bind them seconds later, so the sandbox runs beside
 * the test suite and beside another sandbox.
 *
 * <p>A port the kernel picks for {@code bind(0)} lies in its ephemeral range, where any outgoing connection (a
 * Kafka client of another sandbox, another build) may take it before the service has started; so the ports are
 * drawn from below that range. Each is reserved across processes by a lock on a file named after it, held while
 * this JVM lives, so two sandboxes started at once (the ITs run two classes at once, each in its own JVM) never
 * hand out the same port.
 */
public final class FreePorts {

    static final int LOWEST = 10_000;
    /** Where the kernel's range starts when it cannot be read (IANA's dynamic ports). */
    private static final int DEFAULT_EPHEMERAL_START = 49_152;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Path RESERVATIONS = Path.of(System.getProperty("java.io.tmpdir"), "ephemeral-sandbox-ports");
    private static final int ATTEMPTS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Open so that their locks last as long as this JVM; the operating system drops them when it exits. */
    private static final List<FileLock> LOCKS = new ArrayList<>();
    /**
     * The ports this JVM reserved: their files are never opened again here, since closing any channel on a file
     * drops this process's lock on it (POSIX record locks).
     */
    private static final Set<Integer> RESERVED = new HashSet<>();

    private FreePorts() {
    }

    public static int next() {
        return next(LOWEST, ephemeralRangeStart());
    }

    /** A port from {@code [lowest, below)}, or, with none left there, one the kernel picks. */
    static synchronized int next(int lowest, int below) {
        for (int attempt = 0; attempt < ATTEMPTS && below > lowest; attempt++) {
            int port = lowest + RANDOM.nextInt(below - lowest);
            if (reserve(port) && nobodyListensOn(port)) {
                return port;
            }
        }
        return pickedByTheKernel();
    }

    static int ephemeralRangeStart() {
        try {
            // A line read, not Files.readString: procfs reports a size of 0 and the read stops short.
            try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean reserve(int port) {
        if (RESERVED.contains(port)) {
            return false;
        }
        try {
            Files.createDirectories(RESERVATIONS);
            FileChannel channel = FileChannel.open(RESERVATIONS.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            LOCKS.add(lock);
            RESERVED.add(port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean nobodyListensOn(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static int pickedByTheKernel() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
