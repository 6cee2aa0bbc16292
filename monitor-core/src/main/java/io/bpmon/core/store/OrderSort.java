package io.bpmon.core.store;

import co.elastic.clients.elasticsearch._types.mapping.FieldType;

/** How the order explorer sorts; ties go by order id. */
public record OrderSort(Field field, boolean ascending) {

    /** The sortable fields of an order document. */
    public enum Field {
        /** The order's last activity. */
        UPDATED_AT("updatedAt", FieldType.Date),
        /** The order's first event. */
        FIRST_EVENT_AT("firstEventAt", FieldType.Date),
        /** The order id. */
        ORDER_ID("orderId", FieldType.Keyword),
        /** The order's status. */
        STATUS("status", FieldType.Keyword);

        private final String field;
        private final FieldType type;

        Field(String field, FieldType type) {
            this.field = field;
            this.type = type;
        }

        /** The document field. */
        public String field() {
            return field;
        }

        FieldType type() {
            return type;
        }
    }
}
