package io.incidentfeeds.schemas.json;

import java.util.Locale;

/**
 * Each contract enum's spellings ({@link WireEnum#wire()}) by ordinal, computed once per enum:
 * a spelling is asked for on every record written (status, severity, diff type), and lower-casing
 * the name each time was a measurable part of writing a reconciled version.
 */
final class WireSpellings {

    private static final ClassValue<String[]> SPELLINGS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] spellings = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                spellings[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT);
            }
            return spellings;
        }
    };

    private WireSpellings() {
    }

    static String[] of(Class<?> enumType) {
        return SPELLINGS.get(enumType);
    }
}
