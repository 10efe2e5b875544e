package io.fmzbridge.fmz;

/** The reply to {@code trade}: the id FMZ will hand back to {@code order} and {@code cancel}. */
public record PlacedOrder(String id) {
}
