package pw.fullstack.ephemeral.testkit.schema;

/** Field paths printed like the API server's {@code field.Path}: {@code spec.items[0].name}, {@code metadata.labels[app]}. */
final class FieldPaths {

    private FieldPaths() {
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    static String key(String path, String key) {
        return path + "[" + key + "]";
    }
}
