package io.incidentfeeds.edge.auth;

/** A token that does not verify or lacks a required claim; the message is safe to show the client. */
public final class TokenRejectedException extends Exception {

    public TokenRejectedException(String message) {
        super(message);
    }
}
