package io.incidentfeeds.schemas.json;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * A value Jackson writes by handing its generator to a writer: for a codec that streams its members
 * in a fixed order, so that one definition serves both bytes ({@code writeValueAsBytes}) and a tree
 * ({@code valueToTree}) and no tree is built on the way to bytes.
 */
public final class StreamedJson extends JacksonSerializable.Base {

    private final Consumer<JsonGenerator> writer;

    private StreamedJson(Consumer<JsonGenerator> writer) {
        this.writer = writer;
    }

    public static StreamedJson of(Consumer<JsonGenerator> writer) {
        return new StreamedJson(writer);
    }

    /**
     * {@code name: value}, or nothing for a null value: {@link ContractJson}'s inclusion rule
     * (NON_NULL), which a streamed writer must follow to write the bytes databind would.
     */
    public static void writeString(JsonGenerator g, SerializableString name, String value) {
        if (value != null) {
            g.writeName(name);
            g.writeString(value);
        }
    }

    /** {@code name: [elements]}, each written by {@code element}, or nothing for a null list (NON_NULL, as above). */
    public static <T> void writeArray(JsonGenerator g, SerializableString name, List<T> values, BiConsumer<JsonGenerator, T> element) {
        if (values != null) {
            g.writeName(name);
            g.writeStartArray();
            for (T value : values) {
                element.accept(g, value);
            }
            g.writeEndArray();
        }
    }

    /** {@code name: [values]}, each double as {@link ShortestDecimal} writes it, or nothing for a null array (NON_NULL, as above). */
    public static void writeDoubles(JsonGenerator g, SerializableString name, double[] values) {
        if (values != null) {
            g.writeName(name);
            g.writeStartArray();
            for (double value : values) {
                ShortestDecimal.write(g, value);
            }
            g.writeEndArray();
        }
    }

    @Override
    public void serialize(JsonGenerator g, SerializationContext context) {
        writer.accept(g);
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializationContext context, TypeSerializer type) {
        serialize(g, context);
    }
}
