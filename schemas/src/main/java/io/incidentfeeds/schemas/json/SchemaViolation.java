package io.incidentfeeds.schemas.json;

/**
 * One way a document breaks a schema.
 *
 * @param pointer JSON pointer of the offending value in the document ("" for the root)
 * @param keyword the schema keyword that failed (required, pattern, oneOf, ...)
 * @param message human-readable explanation that names the field
 */
public record SchemaViolation(String pointer, String keyword, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }
}
