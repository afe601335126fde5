package pw.fullstack.ephemeral.installer.dns;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.install.DnsAnswer;

/**
 * Asks the configured resolver ({@code installer.dns-check.server:port}) for a name's A records over
 * the DNS protocol, one query per call, no cache: the JVM's resolver would cache, and could not be
 * pointed at Pi-hole.
 */
@ApplicationScoped
public class DnsResolver {

    @Inject
    InstallerConfig config;

    public String describe() {
        return config.dnsCheck().server() + ":" + config.dnsCheck().port();
    }

    public DnsAnswer resolve(String name) {
        return resolve(config.dnsCheck().server(), config.dnsCheck().port(), config.dnsCheck().queryTimeout(), name);
    }

    static DnsAnswer resolve(String server, int port, java.time.Duration timeout, String name) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(server, port));
            resolver.setTimeout(timeout);
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name
                    : name + "."), Type.A, DClass.IN)));
            int rcode = answer.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return DnsAnswer.of(List.of());
            }
            if (rcode != Rcode.NOERROR) {
                return DnsAnswer.failed(Rcode.string(rcode));
            }
            return DnsAnswer.of(answer.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                    .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList());
        } catch (TextParseException e) {
            return DnsAnswer.failed("not a DNS name");
        } catch (IOException e) {
            return DnsAnswer.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
