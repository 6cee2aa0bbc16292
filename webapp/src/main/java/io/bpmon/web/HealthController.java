package io.bpmon.web;

import io.bpmon.core.Version;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/health}: 200 UP once every part works, else 503 naming the failing parts. */
final class HealthController {

    private final Map<String, HealthProbe> probes;
    private final Supplier<Map<String, Long>> eventCounts;

    HealthController(Map<String, HealthProbe> probes, Supplier<Map<String, Long>> eventCounts) {
        this.probes = probes;
        this.eventCounts = eventCounts;
    }

    void get(Context ctx) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, HealthProbe> p : probes.entrySet()) {
            HealthProbe.Result r = p.getValue().check();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("status", r.up() ? "UP" : "DOWN");
            c.putAll(r.details());
            components.put(p.getKey(), c);
            up &= r.up();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("version", Version.current());
        body.put("components", components);
        body.put("httpEvents", eventCounts.get());
        ctx.status(up ? 200 : 503).json(body);
    }
}
