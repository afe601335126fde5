package pw.fullstack.ephemeral.templates;

import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * What a template variable may hold. Every kind's alphabet excludes whitespace, quotes,
 * {@code #}, {@code $}, braces and brackets, so no accepted value can change the structure of the
 * YAML it lands in, or expand into another placeholder; all but {@link #HTTP_URL} exclude colons too,
 * and a URL's colons are never followed by a space, so it stays one plain or double-quoted scalar.
 * {@link #USER_NAME} also lands in shell commands on the node: its alphabet has nothing a shell reads.
 */
public enum ValueKind {
    /** A DNS-1123 label: {@code [a-z0-9-]}, 1-63, alphanumeric at both ends. */
    DNS_LABEL("a DNS-1123 label") {
        @Override
        boolean accepts(String value) {
            return Dns1123.isLabel(value);
        }
    },
    /** A DNS-1123 subdomain (host name). */
    DNS_SUBDOMAIN("a DNS-1123 subdomain") {
        @Override
        boolean accepts(String value) {
            return Dns1123.isSubdomain(value);
        }
    },
    /** A dotted-quad IPv4 address in canonical form (no leading zeros). */
    IPV4("a dotted-quad IPv4 address") {
        @Override
        boolean accepts(String value) {
            try {
                return Ipv4Address.parse(value).toString().equals(value);
            } catch (InvalidInputException e) {
                return false;
            }
        }
    },
    /** A Kubernetes label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    LABEL_VALUE("a Kubernetes label value") {
        @Override
        boolean accepts(String value) {
            return value.length() <= 63 && LABEL_VALUE_PATTERN.matcher(value).matches();
        }
    },
    /** A K3s release, e.g. {@code v1.30.6+k3s1}. */
    K3S_VERSION("a K3s version like v1.30.6+k3s1") {
        @Override
        boolean accepts(String value) {
            return K3S_VERSION_PATTERN.matcher(value).matches();
        }
    },
    /** {@code true} or {@code false}, as YAML reads a boolean. */
    BOOLEAN("true or false") {
        @Override
        boolean accepts(String value) {
            return value.equals("true") || value.equals("false");
        }
    },
    /** A Linux network interface name such as {@code eth0} or {@code ens18}: 1-15 of {@code [A-Za-z0-9_.-]}. */
    NETWORK_INTERFACE("a network interface name like eth0") {
        @Override
        boolean accepts(String value) {
            return INTERFACE_PATTERN.matcher(value).matches();
        }
    },
    /** A release tag {@code vX.Y.Z}, e.g. an image tag. */
    RELEASE_TAG("a release tag like v0.8.7") {
        @Override
        boolean accepts(String value) {
            return RELEASE_TAG_PATTERN.matcher(value).matches();
        }
    },
    /** A Kubernetes resource quantity such as {@code 500m}, {@code 4}, {@code 8Gi}. */
    QUANTITY("a Kubernetes quantity like 500m, 2 or 8Gi") {
        @Override
        boolean accepts(String value) {
            return QUANTITY_PATTERN.matcher(value).matches();
        }
    },
    /** An http(s) URL of host, optional port and path: no spaces, quotes, {@code #}, {@code ?} or {@code $}. */
    HTTP_URL("an http(s) URL like https://vault.example.org:8200") {
        @Override
        boolean accepts(String value) {
            return value.length() <= 2048 && URL_PATTERN.matcher(value).matches();
        }
    },
    /** An e-mail address (for the ACME account), plain characters only. */
    EMAIL("an e-mail address") {
        @Override
        boolean accepts(String value) {
            return value.length() <= 254 && EMAIL_PATTERN.matcher(value).matches();
        }
    },
    /** A Go duration as Helm's {@code --timeout} reads it, e.g. {@code 300s} or {@code 5m0s}. */
    GO_DURATION("a duration like 300s or 5m0s") {
        @Override
        boolean accepts(String value) {
            return GO_DURATION_PATTERN.matcher(value).matches();
        }
    },
    /** A Vault KV path: segments of {@code [A-Za-z0-9._-]}, separated by single slashes, no {@code ..}. */
    VAULT_PATH("a Vault path like ephemeral-clusters/apps/cks-backend") {
        @Override
        boolean accepts(String value) {
            return value.length() <= 512 && VAULT_PATH_PATTERN.matcher(value).matches() && !value.contains("..");
        }
    },
    /** An opaque provider id of hex digits, e.g. a Cloudflare zone id. */
    HEX_ID("hex digits (e.g. a Cloudflare zone id)") {
        @Override
        boolean accepts(String value) {
            return HEX_ID_PATTERN.matcher(value).matches();
        }
    },
    /** A Linux user name as useradd takes it by default: {@code [a-z_][a-z0-9_-]}, at most 32. */
    USER_NAME("a Linux user name like ubuntu") {
        @Override
        boolean accepts(String value) {
            return USER_NAME_PATTERN.matcher(value).matches();
        }
    },
    /**
     * Standard base64 with padding ({@code [A-Za-z0-9+/]}, {@code =} only at the end), e.g. a file's content
     * that cloud-init decodes: whatever the content holds, the YAML and the cloud-config template around it see
     * none of it. The one kind with {@code +}, {@code /} and {@code =}, none of which YAML or Jinja reads as
     * structure inside a double-quoted scalar.
     */
    BASE64("base64") {
        @Override
        boolean accepts(String value) {
            return value.length() % 4 == 0 && BASE64_PATTERN.matcher(value).matches();
        }
    },
    /** A positive decimal integer without sign or leading zeros (ranges are per variable). */
    POSITIVE_INTEGER("a positive decimal integer") {
        @Override
        boolean accepts(String value) {
            return INTEGER_PATTERN.matcher(value).matches();
        }
    },
    /** 0 or a positive decimal integer without sign or leading zeros (ranges are per variable). */
    NON_NEGATIVE_INTEGER("0 or a positive decimal integer") {
        @Override
        boolean accepts(String value) {
            return value.equals("0") || INTEGER_PATTERN.matcher(value).matches();
        }
    };

    private static final Pattern LABEL_VALUE_PATTERN = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern K3S_VERSION_PATTERN = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\+k3s[0-9]{1,3}");
    private static final Pattern INTERFACE_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern RELEASE_TAG_PATTERN = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    private static final Pattern INTEGER_PATTERN = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern QUANTITY_PATTERN = Pattern.compile("[0-9]{1,9}(?:\\.[0-9]{1,3})?(?:m|k|M|G|T|Ki|Mi|Gi|Ti)?");
    private static final Pattern URL_PATTERN = Pattern.compile(
            "https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~/-]*)?");
    private static final Pattern EMAIL_PATTERN = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern GO_DURATION_PATTERN = Pattern.compile("(?:[0-9]{1,6}(?:h|m|s|ms)){1,4}");
    private static final Pattern VAULT_PATH_PATTERN = Pattern.compile("[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*");
    private static final Pattern USER_NAME_PATTERN = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern BASE64_PATTERN = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final Pattern HEX_ID_PATTERN = Pattern.compile("[0-9a-f]{8,64}");

    private final String description;

    ValueKind(String description) {
        this.description = description;
    }

    abstract boolean accepts(String value);

    public String description() {
        return description;
    }
}
