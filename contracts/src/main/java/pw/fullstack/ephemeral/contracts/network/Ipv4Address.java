package pw.fullstack.ephemeral.contracts.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * A dotted-quad IPv4 address, parsed strictly: four decimal octets 0-255, no leading zeros, no
 * whitespace. Parsing never touches DNS (unlike {@code InetAddress.getByName}). Ordered by numeric
 * value so pools can walk ranges.
 */
public record Ipv4Address(long numeric) implements Comparable<Ipv4Address> {

    public Ipv4Address {
        if (numeric < 0 || numeric > 0xFFFF_FFFFL) {
            throw new InvalidInputException("ip address", numeric + " is outside the IPv4 range");
        }
    }

    @JsonCreator
    public static Ipv4Address parse(String text) {
        if (text == null) {
            throw new InvalidInputException("ip address", "is required");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw notAnAddress(text);
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                throw notAnAddress(text);
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    throw notAnAddress(text);
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                throw notAnAddress(text);
            }
            value = (value << 8) | octet;
        }
        return new Ipv4Address(value);
    }

    private static InvalidInputException notAnAddress(String text) {
        return new InvalidInputException("ip address",
                InvalidInputException.quote(text) + " is not a dotted-quad IPv4 address");
    }

    public Ipv4Address plus(long offset) {
        return new Ipv4Address(numeric + offset);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Long.compare(numeric, other.numeric);
    }

    @JsonValue
    @Override
    public String toString() {
        return ((numeric >> 24) & 0xff) + "." + ((numeric >> 16) & 0xff) + "."
                + ((numeric >> 8) & 0xff) + "." + (numeric & 0xff);
    }
}
