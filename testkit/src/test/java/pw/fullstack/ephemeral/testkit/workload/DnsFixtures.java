package pw.fullstack.ephemeral.testkit.workload;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** DNSEndpoints to publish and a resolver to ask, for the external-dns tests. */
final class DnsFixtures {

    private DnsFixtures() {
    }

    /** A DNSEndpoint with an A record at {@code ip} for each host. */
    static GenericKubernetesResource endpoint(String namespace, String name, Map<String, String> labels, String ip,
                                              String... hosts) {
        GenericKubernetesResource endpoint = new GenericKubernetesResource();
        endpoint.setApiVersion("externaldns.k8s.io/v1alpha1");
        endpoint.setKind("DNSEndpoint");
        endpoint.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
        endpoint.setAdditionalProperty("spec", Map.of("endpoints", List.of(hosts).stream().map(h -> Map.of("dnsName", h,
                "recordType", "A", "recordTTL", 60, "targets", List.of(ip))).toList()));
        return endpoint;
    }

    /** The A records the server answers for the host, asked over UDP like any resolver; none for NXDOMAIN. */
    static List<String> resolve(FakeDnsServer dns, String host) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(dns.host(), dns.port()));
        resolver.setTimeout(Duration.ofSeconds(2));
        Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(host + "."), Type.A, DClass.IN)));
        if (answer.getRcode() == Rcode.NXDOMAIN) {
            return List.of();
        }
        return answer.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
    }
}
