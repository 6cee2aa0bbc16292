package io.bpmon.web.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmon.alerting.channels.Channels;
import io.bpmon.alerting.channels.MessageRenderer;
import io.bpmon.alerting.silences.Silence;
import io.bpmon.alerting.silences.SilenceRequests;
import io.bpmon.alerting.storage.DeliveryLog;
import io.bpmon.alerting.storage.DeliveryRecord;
import io.bpmon.alerting.storage.SilenceStore;
import io.bpmon.core.event.FieldError;
import io.bpmon.core.json.Json;
import io.bpmon.core.rules.Rule;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code /notifications}: the notification channels and how their deliveries went, with a test message per channel;
 * silences (create with the same validation as {@code /api/silences}, expire); the delivery log.
 */
public final class NotificationsPage {

    static final int LOG_LIMIT = 50;
    static final int SILENCE_LIMIT = 50;
    /** Silence lengths offered in the form: known, bounded trouble. */
    static final Map<String, Duration> LENGTHS = lengths();
    private static final Pattern PAIR = Pattern.compile("\\s*([A-Za-z0-9_.-]{1,64})\\s*=\\s*([^,=\\n]{1,256}?)\\s*");

    /** What the page reads and calls: the alerting service's parts. */
    public record Backend(Channels channels, DeliveryLog log, SilenceStore silences, MessageRenderer renderer) {}

    /** A silence as listed. */
    public record SilenceRow(Silence silence, boolean active) {}

    private final Templates templates;
    private final Backend backend;
    private final Supplier<List<Rule>> rules;
    private final Clock clock;
    private final boolean loginRequired;

    public NotificationsPage(Templates templates, Backend backend, Supplier<List<Rule>> rules, Clock clock,
            boolean loginRequired) {
        this.templates = templates;
        this.backend = backend;
        this.rules = rules;
        this.clock = clock;
        this.loginRequired = loginRequired;
    }

    void page(Context ctx) {
        Map<String, Object> m = model(ctx);
        Optional.ofNullable(ctx.queryParam("done")).filter(d -> d.length() <= 200).ifPresent(d -> {
            m.put("message", d);
            m.put("messageKind", "ok");
        });
        PageModel.html(ctx, templates.page("notifications", m));
    }

    /** Sends the channel a test message and shows how it went. */
    void test(Context ctx) {
        String name = ctx.pathParam("name");
        Optional<DeliveryRecord> record = backend.channels().test(name, backend.renderer());
        if (record.isEmpty()) {
            throw new UiException(404, "There is no channel '" + name + "'.");
        }
        Map<String, Object> m = model(ctx);
        boolean delivered = record.get().outcome() == DeliveryRecord.Outcome.DELIVERED;
        m.put("message", delivered ? "Test message delivered to " + name + "."
                : "Test message to " + name + " failed: " + record.get().error());
        m.put("messageKind", delivered ? "ok" : "error");
        ctx.status(delivered ? 200 : 502);
        PageModel.html(ctx, templates.page("notifications", m));
    }

    /** Creates a silence from the form; on errors the form comes back with them next to the fields. */
    void silence(Context ctx) {
        Instant now = clock.instant();
        Map<String, String> form = new LinkedHashMap<>();
        for (String f : List.of("ruleId", "attributes", "length", "comment")) {
            form.put(f, Optional.ofNullable(ctx.formParam(f)).orElse("").trim());
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode matchers = body.putObject("matchers");
        if (!form.get("ruleId").isEmpty()) {
            matchers.put("ruleId", form.get("ruleId"));
        }
        ObjectNode attributes = matchers.putObject("attributes");
        if (!form.get("attributes").isEmpty()) {
            for (String pair : form.get("attributes").split("[,\\n]")) {
                if (pair.isBlank()) {
                    continue;
                }
                var match = PAIR.matcher(pair);
                if (!match.matches()) {
                    errors.add(new FieldError("attributes", "write name=value pairs separated by commas, e.g."
                            + " country=DE, paymentMethod=paypal"));
                    break;
                }
                attributes.put(match.group(1), match.group(2));
            }
        }
        Duration length = LENGTHS.get(form.get("length"));
        if (length == null) {
            errors.add(new FieldError("length", "choose how long the silence lasts"));
        } else {
            body.put("endsAt", now.plus(length).toString());
        }
        body.put("comment", form.get("comment"));
        body.put("createdBy", UiSecurity.author(ctx));
        SilenceRequests.Result result = SilenceRequests.parse(body, now);
        if (errors.isEmpty() && result.errors().isEmpty()) {
            backend.silences().save(result.silence());
            ctx.redirect(UiPaths.NOTIFICATIONS + "?done=" + java.net.URLEncoder.encode("Silence created.",
                    java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        errors.addAll(result.errors());
        Map<String, Object> m = model(ctx);
        m.put("form", form);
        m.put("errors", byField(errors));
        ctx.status(400);
        PageModel.html(ctx, templates.page("notifications", m));
    }

    void expire(Context ctx) {
        String id = ctx.pathParam("id");
        Silence silence = backend.silences().find(id)
                .orElseThrow(() -> new UiException(404, "There is no silence '" + id + "'."));
        backend.silences().save(silence.expired(clock.instant()));
        ctx.redirect(UiPaths.NOTIFICATIONS + "?done=" + java.net.URLEncoder.encode("Silence expired.",
                java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> model(Context ctx) {
        Map<String, Object> m = PageModel.of(ctx, "Notifications", "notifications", loginRequired);
        Instant now = clock.instant();
        m.put("channels", backend.channels().status());
        m.put("silences", backend.silences().list(SILENCE_LIMIT).stream()
                .map(s -> new SilenceRow(s, s.isActive(now))).toList());
        m.put("deliveries", backend.log().recent(LOG_LIMIT));
        m.put("rules", rules.get().stream().map(Rule::id).sorted().toList());
        m.put("lengths", LENGTHS.keySet());
        m.put("form", Map.of("ruleId", "", "attributes", "", "length", "4 hours", "comment", ""));
        m.put("errors", Map.of());
        return m;
    }

    private static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError e : errors) {
            String field = e.field().startsWith("matchers.attributes") ? "attributes"
                    : e.field().equals("matchers.ruleId") ? "ruleId"
                    : e.field().equals("matchers") ? "matchers"
                    : e.field().equals("endsAt") || e.field().equals("startsAt") ? "length" : e.field();
            out.merge(field, e.message(), (a, b) -> a + "; " + b);
        }
        return out;
    }

    private static Map<String, Duration> lengths() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("1 hour", Duration.ofHours(1));
        m.put("4 hours", Duration.ofHours(4));
        m.put("12 hours", Duration.ofHours(12));
        m.put("1 day", Duration.ofDays(1));
        m.put("3 days", Duration.ofDays(3));
        m.put("7 days", Duration.ofDays(7));
        return m;
    }
}
