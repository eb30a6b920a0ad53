/**
 * The second step: {@link io.incidentfeeds.processing.normalize.EditNormalizer#normalize} turns a
 * validated record into a {@link io.incidentfeeds.processing.normalize.NormalizedEdit}, what
 * reconciliation consumes; {@link io.incidentfeeds.processing.normalize.NormalizedEditJson} is its
 * JSON form.
 */
package io.incidentfeeds.processing.normalize;
