package pw.fullstack.ephemeral.templates;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * Where the Phase 1 charts' images come from (the site's settings; in the installer
 * {@code installer.phase1.image-registry} and {@code installer.phase1.image-digests.<image>}): the upstream
 * registries or a mirror that keeps the upstream paths, and, per image, a digest that pins it. An image
 * without a digest is pinned by its tag only (the chart's appVersion), as the upstream charts do.
 *
 * @param mirror  a registry host (optional port and path) replacing each upstream registry's host; empty: upstream
 * @param digests {@code sha256:<64 hex>} per image
 */
public record ChartImages(Optional<String> mirror, Map<ChartImage, String> digests) {

    /** What the OCI image spec calls a sha256 digest: the algorithm and 64 lowercase hex digits. */
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** A registry host as the distribution reference grammar has it, an optional port and path components. */
    private static final Pattern MIRROR = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?"
                    + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    public ChartImages {
        mirror = mirror == null ? Optional.empty() : mirror.filter(m -> !m.isBlank());
        if (mirror.isPresent() && (mirror.get().length() > 255 || !MIRROR.matcher(mirror.get()).matches())) {
            throw new TemplateException("image registry " + InvalidInputException.quote(mirror.get())
                    + " is not a registry host with an optional port and path, like registry.example.org:5000/mirror");
        }
        digests = digests == null ? Map.of() : digests;
        digests.forEach((image, digest) -> {
            if (digest == null || !DIGEST.matcher(digest).matches()) {
                throw new TemplateException("image digest of " + image.key() + ": " + InvalidInputException.quote(digest)
                        + " is not sha256:<64 lowercase hex digits>");
            }
        });
        digests = Map.copyOf(digests);
    }

    /** The upstream registries, every image pinned by tag only. */
    public static ChartImages upstream() {
        return new ChartImages(Optional.empty(), Map.of());
    }

    /**
     * From settings keyed by the images' names ({@link ChartImage#key()}).
     *
     * @throws TemplateException naming an unknown image, a digest that is not {@code sha256:<64 hex>} or a bad registry
     */
    public static ChartImages of(Optional<String> mirror, Map<String, String> digestsByImage) {
        Map<ChartImage, String> digests = new EnumMap<>(ChartImage.class);
        new TreeMap<>(digestsByImage).forEach((key, digest) -> digests.put(ChartImage.byKey(key).orElseThrow(() ->
                new TemplateException("image digest for " + InvalidInputException.quote(key) + ": no Phase 1 image is called that; "
                        + "the images are " + Arrays.stream(ChartImage.values()).map(ChartImage::key)
                        .collect(Collectors.joining(", ")))), digest));
        return new ChartImages(mirror, digests);
    }

    public String repository(ChartImage image) {
        return mirror.map(image::repositoryIn).orElseGet(image::upstreamRepository);
    }

    /** What follows the tag: {@code @sha256:<hex>} when the image is pinned by digest, else nothing. */
    public String digestSuffix(ChartImage image) {
        String digest = digests.get(image);
        return digest == null ? "" : "@" + digest;
    }

    /** The templates' image variables, every image's repository and digest suffix. */
    Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (ChartImage image : ChartImage.values()) {
            variables.put(image.imageVariable(), repository(image));
            variables.put(image.digestVariable(), digestSuffix(image));
        }
        return variables;
    }

    /** The variables that may render as "" (a digest not set). */
    static Set<String> mayBeEmpty() {
        return Arrays.stream(ChartImage.values()).map(ChartImage::digestVariable).collect(Collectors.toUnmodifiableSet());
    }

    /** Every image variable name, for the set of names the templates may use. */
    static Set<String> names() {
        return Arrays.stream(ChartImage.values()).flatMap(image -> Stream.of(image.imageVariable(), image.digestVariable()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
