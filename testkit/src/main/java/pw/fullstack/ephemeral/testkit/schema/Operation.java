package pw.fullstack.ephemeral.testkit.schema;

/** The admission operations that validate an object. */
public enum Operation {
    CREATE, UPDATE
}
