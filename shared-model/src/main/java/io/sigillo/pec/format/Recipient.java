package io.sigillo.pec.format;

import java.util.Objects;

/** One recipient of a PEC message and whether its domain is certified (in the providers' index). */
public record Recipient(String address, Kind kind) {

    /** Certified (a PEC domain) or external (ordinary e-mail). */
    public enum Kind {
        CERTIFICATO("certificato", "posta certificata"),
        ESTERNO("esterno", "posta ordinaria");

        private final String value;
        private final String wording;

        Kind(String value, String wording) {
            this.value = value;
            this.wording = wording;
        }

        /** The daticert attribute value. */
        public String value() {
            return value;
        }

        /** How the human-readable text names the kind. */
        public String wording() {
            return wording;
        }

        /** Parses a daticert attribute value. */
        public static Kind fromValue(String value) {
            return "esterno".equals(value) ? ESTERNO : CERTIFICATO;
        }
    }

    public Recipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
    }

    /** A recipient in a PEC domain. */
    public static Recipient certified(String address) {
        return new Recipient(address, Kind.CERTIFICATO);
    }

    /** A recipient outside PEC. */
    public static Recipient external(String address) {
        return new Recipient(address, Kind.ESTERNO);
    }
}
