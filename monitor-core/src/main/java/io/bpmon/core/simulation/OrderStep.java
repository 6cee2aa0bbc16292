package io.bpmon.core.simulation;

/**
 * The steps of the default order lifecycle (docs/contract.md) as the simulator drives them, with the event
 * type that completes each and the service that would emit it.
 */
public enum OrderStep {
    /** The customer checked out. */
    PLACED("ORDER_PLACED", "checkout"),
    /** The payment provider confirmed the money. */
    PAID("PAYMENT_RECEIVED", "payments"),
    /** The warehouse handed the parcel to the carrier. */
    SHIPPED("ORDER_SHIPPED", "fulfilment"),
    /** The carrier delivered the parcel. */
    DELIVERED("ORDER_DELIVERED", "carrier-tracking"),
    /** The order was cancelled before shipping. */
    CANCELLED("ORDER_CANCELLED", "order-service"),
    /** The customer sent the goods back. */
    RETURNED("ORDER_RETURNED", "returns");

    private final String eventType;
    private final String source;

    OrderStep(String eventType, String source) {
        this.eventType = eventType;
        this.source = source;
    }

    public String eventType() {
        return eventType;
    }

    public String source() {
        return source;
    }
}
