/**
 * Why a raw record is refused: a contract reason code and a detail ({@link
 * io.incidentfeeds.processing.rejection.Rejection}), thrown as {@link
 * io.incidentfeeds.processing.rejection.RejectedException} by validation and normalization alike.
 */
package io.incidentfeeds.processing.rejection;
