package io.bpmon.core.store;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the next page of a list starts: the {@code next} of one answer, the {@code after} of the next request
 * (docs/api.md, "Paging"). Any list that is sorted on a unique key can use it (orders, alerts, incidents): its store
 * reads the page with Elasticsearch's {@code search_after} from {@link #after} and hands out the next cursor with
 * {@link Walk#next}.
 *
 * <p>Opaque to clients: base64url of a small JSON object. Not signed — it holds nothing secret, only sort values of
 * an item the caller was already shown and the id of a point in time on the caller's own list — but checked: a text
 * that does not decode, or a cursor of another list or of other filters, is an {@link InvalidCursorException}.
 *
 * @param list        which list ({@code orders}, {@code alerts}, {@code incidents}): a cursor of one is refused by
 *                    the others
 * @param query       fingerprint of the filters and the sort ({@link #fingerprint}); not the page size, which may
 *                    change from page to page
 * @param asOf        when the walk's first page was asked, for lists with relative time filters ("active in the
 *                    last hour"): every page counts back from this same moment; null for lists without
 * @param after       the sort values of the last item handed out; the next page starts after it
 * @param pointInTime the Elasticsearch point in time the walk reads (a snapshot taken at its first page), or null
 *                    when it reads the live index
 * @param position    how many items the pages before held (a page number for people, not a part of the position)
 */
public record Cursor(String list, String query, Instant asOf, List<Object> after, String pointInTime,
        long position) {

    /** Longer texts are refused before decoding. */
    public static final int MAX_LENGTH = 8192;
    private static final int VERSION = 1;
    private static final int MAX_SORT_VALUES = 8;
    private static final Pattern LIST = Pattern.compile("[a-z][a-z-]{0,31}");
    private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern POINT_IN_TIME = Pattern.compile("[A-Za-z0-9+/=_-]{1," + MAX_LENGTH + "}");
    private static final Set<String> FIELDS = Set.of("v", "l", "q", "t", "a", "p", "n");

    public Cursor {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(query, "query");
        if (after == null || after.isEmpty()) {
            throw new IllegalArgumentException("a cursor needs the sort values of the last item");
        }
        after = Collections.unmodifiableList(new ArrayList<>(after)); // sort values may be null (a missing field)
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative");
        }
    }

    /** A cursor that is not one of this list's, or not one at all; the message says which, for the caller. */
    public static final class InvalidCursorException extends IllegalArgumentException {
        public InvalidCursorException(String message) {
            super(message);
        }
    }

    /** The text clients get and send back. */
    @JsonValue
    public String encode() {
        ObjectNode json = Json.mapper().createObjectNode().put("v", VERSION).put("l", list).put("q", query);
        if (asOf != null) {
            json.put("t", asOf.toString());
        }
        ArrayNode values = json.putArray("a");
        for (Object v : after) {
            if (v == null) {
                values.addNull();
            } else if (v instanceof Long || v instanceof Integer) {
                values.add(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                values.add(((Number) v).doubleValue());
            } else if (v instanceof Boolean b) {
                values.add(b);
            } else {
                values.add(v.toString());
            }
        }
        if (pointInTime != null) {
            json.put("p", pointInTime);
        }
        json.put("n", position);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.writeBytes(json));
    }

    /**
     * The cursor a client sent back.
     *
     * @throws InvalidCursorException when the text is not a cursor this server wrote
     */
    @JsonCreator
    public static Cursor decode(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCursorException("empty; leave it out for the first page");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidCursorException("not a cursor (longer than " + MAX_LENGTH + " characters)");
        }
        JsonNode json;
        try {
            json = Json.readTree(Base64.getUrlDecoder().decode(text.trim()));
        } catch (Exception e) { // not base64url, not JSON
            throw malformed();
        }
        if (json == null || !json.isObject() || json.path("v").asInt() != VERSION) {
            throw malformed();
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                throw malformed();
            }
        }
        String list = text(json, "l", LIST);
        String query = text(json, "q", QUERY);
        Instant asOf = null;
        if (json.has("t")) {
            try {
                asOf = Instant.parse(json.get("t").asText());
            } catch (DateTimeParseException e) {
                throw malformed();
            }
        }
        JsonNode a = json.get("a");
        if (a == null || !a.isArray() || a.isEmpty() || a.size() > MAX_SORT_VALUES) {
            throw malformed();
        }
        List<Object> after = new ArrayList<>();
        for (JsonNode v : a) {
            if (v.isNull()) {
                after.add(null);
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                after.add(v.longValue());
            } else if (v.isFloatingPointNumber()) {
                after.add(v.doubleValue());
            } else if (v.isBoolean()) {
                after.add(v.booleanValue());
            } else if (v.isTextual() && v.textValue().length() <= 1024) {
                after.add(v.textValue());
            } else {
                throw malformed();
            }
        }
        String pit = json.has("p") ? text(json, "p", POINT_IN_TIME) : null;
        JsonNode n = json.get("n");
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw malformed();
        }
        return new Cursor(list, query, asOf, after, pit, n.longValue());
    }

    /**
     * Refuses a cursor of another list, or one written for other filters or another sort: its position would mean
     * nothing in this list.
     *
     * @throws InvalidCursorException naming what does not match
     */
    public Cursor checkFor(String expectedList, String expectedQuery) {
        if (!list.equals(expectedList)) {
            throw new InvalidCursorException("a cursor of the " + list + " list, not of " + expectedList);
        }
        if (!query.equals(expectedQuery)) {
            throw new InvalidCursorException("a cursor of other filters or another sort; ask for the first page of "
                    + "these filters without after");
        }
        return this;
    }

    /**
     * A short, stable digest of the parts of a query that decide which items a list holds and in what order: the same
     * parts give the same fingerprint in every JVM (maps count sorted by key; absent optionals as empty).
     */
    public static String fingerprint(Object... parts) {
        StringBuilder canonical = new StringBuilder();
        for (Object part : parts) {
            canonical.append(canonical(part)).append('\u0000');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(Object part) {
        if (part instanceof Optional<?> o) {
            return o.map(Cursor::canonical).orElse("");
        }
        if (part instanceof Map<?, ?> m) {
            TreeMap<String, String> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        if (part instanceof Collection<?> c) {
            return c.stream().map(Cursor::canonical).toList().toString();
        }
        return String.valueOf(part);
    }

    /**
     * One walk through a list: which list, which query, from when. Reads the client's cursor
     * ({@link #start}) and writes the next one ({@link #next}).
     *
     * @param after where this page starts; empty for the first page
     */
    public record Walk(String list, String query, Instant asOf, Optional<Cursor> after) {

        public Walk {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(query, "query");
            after = after == null ? Optional.empty() : after;
            after.ifPresent(c -> c.checkFor(list, query));
        }

        /**
         * A walk's page: the first ({@code after} empty), or the one after the client's cursor, which must belong to
         * this list and query.
         *
         * @throws InvalidCursorException when the cursor belongs to another list or query
         */
        public static Walk start(String list, String query, Instant asOf, Optional<Cursor> after) {
            return new Walk(list, query, after.map(Cursor::asOf).orElse(asOf), after);
        }

        /** The point in time this walk reads, if it has one yet. */
        public Optional<String> pointInTime() {
            return after.map(Cursor::pointInTime);
        }

        /** How many items the pages before this one held. */
        public long position() {
            return after.map(Cursor::position).orElse(0L);
        }

        /**
         * The cursor after this page.
         *
         * @param lastSortValues the sort values of the page's last item
         * @param pointInTime    the point in time to read the next page from (null: the live index)
         * @param pageSize       how many items this page held
         */
        public Cursor next(List<Object> lastSortValues, String pointInTime, int pageSize) {
            return new Cursor(list, query, asOf, lastSortValues, pointInTime, position() + pageSize);
        }
    }

    private static String text(JsonNode json, String field, Pattern pattern) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual() || !pattern.matcher(v.textValue()).matches()) {
            throw malformed();
        }
        return v.textValue();
    }

    private static InvalidCursorException malformed() {
        return new InvalidCursorException("not a cursor of this server (use the next value of an earlier answer "
                + "as it is)");
    }
}
