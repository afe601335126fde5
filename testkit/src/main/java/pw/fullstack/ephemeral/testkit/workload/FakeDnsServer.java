package pw.fullstack.ephemeral.testkit.workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server on loopback UDP (random port) answering from a {@link FakeDnsZone}: an A query for a
 * name in the zone (or under one of its wildcard records) gets its addresses (authoritative, the record's TTL), a name not in the zone
 * NXDOMAIN, other types of a known name an empty NOERROR answer, a malformed packet FORMERR. The
 * wire format is dnsjava's, so a real resolver client (dnsjava, dig) talks to it as to Pi-hole.
 */
public final class FakeDnsServer implements AutoCloseable {

    private final FakeDnsZone zone;
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicLong queries = new AtomicLong();
    private volatile boolean answering = true;

    private FakeDnsServer(FakeDnsZone zone) {
        this.zone = zone;
        try {
            this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::serve, "fake-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public static FakeDnsServer start(FakeDnsZone zone) {
        return new FakeDnsServer(zone);
    }

    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public FakeDnsZone zone() {
        return zone;
    }

    /** Queries received so far. */
    public long queryCount() {
        return queries.get();
    }

    /** While off, queries are read and dropped: a resolver that times out. */
    public void answering(boolean answer) {
        this.answering = answer;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            queries.incrementAndGet();
            if (!answering) {
                continue;
            }
            byte[] answer = answer(Arrays.copyOf(packet.getData(), packet.getLength()));
            try {
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // the client went away; nothing to do
            }
        }
    }

    byte[] answer(byte[] wire) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            Message error = new Message();
            error.getHeader().setFlag(Flags.QR);
            error.getHeader().setRcode(Rcode.FORMERR);
            return error.toWire();
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response.toWire(512);
        }
        response.addRecord(question, Section.QUESTION);
        Optional<FakeDnsZone.Record> record = zone.resolve(question.getName().toString());
        if (record.isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response.toWire(512);
        }
        if (question.getType() == Type.A || question.getType() == Type.ANY) {
            for (String address : record.get().addresses()) {
                try {
                    // a literal address: no lookup happens
                    response.addRecord(new ARecord(question.getName(), DClass.IN, record.get().ttlSeconds(),
                            InetAddress.getByName(address)), Section.ANSWER);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return response.toWire(512);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
