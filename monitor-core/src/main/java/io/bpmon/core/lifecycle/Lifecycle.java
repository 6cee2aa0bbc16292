package io.bpmon.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmon.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A process definition: its steps, the event type completing each, and which steps may follow which.
 * Loaded from JSON so that processes other than orders can be monitored the same way; the default is the
 * resource {@value #DEFAULT_RESOURCE} (docs/contract.md).
 */
public final class Lifecycle implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_RESOURCE = "/bpmon/lifecycle-order.json";

    private final String name;
    private final Map<String, Step> stepsByName;
    private final Map<String, Step> stepsByEventType;
    private final List<String> mainPath;
    private final Map<String, Set<String>> reachable;

    private Lifecycle(String name, List<Step> steps, List<String> mainPath) {
        this.name = name;
        this.stepsByName = new LinkedHashMap<>();
        this.stepsByEventType = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.name().isBlank()) {
                throw new IllegalArgumentException("lifecycle '" + name + "': step #" + (step.rank() + 1)
                        + " has no name");
            }
            if (step.eventType().isBlank()) {
                // otherwise an event with "type": "" would be valid
                throw new IllegalArgumentException("lifecycle '" + name + "': step " + step.name()
                        + " has no eventType");
            }
            if (stepsByName.put(step.name(), step) != null) {
                throw new IllegalArgumentException("lifecycle '" + name + "': step " + step.name() + " declared twice");
            }
            if (stepsByEventType.put(step.eventType(), step) != null) {
                throw new IllegalArgumentException(
                        "lifecycle '" + name + "': event type " + step.eventType() + " completes two steps");
            }
        }
        for (Step step : steps) {
            for (String next : step.next()) {
                if (!stepsByName.containsKey(next)) {
                    throw new IllegalArgumentException(
                            "lifecycle '" + name + "': step " + step.name() + " names unknown next step " + next);
                }
            }
        }
        for (String s : mainPath) {
            if (!stepsByName.containsKey(s)) {
                throw new IllegalArgumentException("lifecycle '" + name + "': mainPath names unknown step " + s);
            }
        }
        this.mainPath = List.copyOf(mainPath);
        this.reachable = new LinkedHashMap<>();
        for (Step step : steps) {
            reachable.put(step.name(), Collections.unmodifiableSet(successorsOf(step.name())));
        }
    }

    /** The order lifecycle shipped with bpmon. */
    public static Lifecycle defaultLifecycle() {
        return fromResource(DEFAULT_RESOURCE);
    }

    /**
     * Loads a lifecycle from a classpath resource (a name starting with {@code /}) or else a file path.
     */
    public static Lifecycle load(String location) {
        if (location.startsWith("/") && Lifecycle.class.getResource(location) != null) {
            return fromResource(location);
        }
        try {
            return fromJson(Json.mapper().readTree(java.nio.file.Path.of(location).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lifecycle " + location, e);
        }
    }

    public static Lifecycle fromResource(String resource) {
        try (InputStream in = Lifecycle.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("lifecycle resource not found: " + resource);
            }
            return fromJson(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lifecycle " + resource, e);
        }
    }

    public static Lifecycle fromJson(JsonNode root) {
        String name = root.path("name").asText("process");
        List<Step> steps = new ArrayList<>();
        int rank = 0;
        for (JsonNode s : root.path("steps")) {
            List<String> next = new ArrayList<>();
            s.path("next").forEach(n -> next.add(n.asText()));
            steps.add(new Step(s.path("name").asText(), s.path("eventType").asText(), next,
                    s.path("terminal").asBoolean(false), rank++, s.path("abandons").asBoolean(false)));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("lifecycle '" + name + "' has no steps");
        }
        List<String> mainPath = new ArrayList<>();
        root.path("mainPath").forEach(n -> mainPath.add(n.asText()));
        return new Lifecycle(name, steps, mainPath);
    }

    private Set<String> successorsOf(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(stepsByName.get(from).next());
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(stepsByName.get(s).next());
            }
        }
        return seen;
    }

    public String name() {
        return name;
    }

    public List<Step> steps() {
        return List.copyOf(stepsByName.values());
    }

    public Set<String> eventTypes() {
        return Collections.unmodifiableSet(stepsByEventType.keySet());
    }

    public Optional<Step> step(String stepName) {
        return Optional.ofNullable(stepsByName.get(stepName));
    }

    public Optional<Step> stepForEventType(String eventType) {
        return Optional.ofNullable(stepsByEventType.get(eventType));
    }

    public boolean isEventType(String eventType) {
        return stepsByEventType.containsKey(eventType);
    }

    /** Whether {@code to} can follow {@code from}, directly or through other steps. */
    public boolean canReach(String from, String to) {
        Set<String> r = reachable.get(from);
        return r != null && r.contains(to);
    }

    /** Whether {@code to} directly follows {@code from}. */
    public boolean isDirectSuccessor(String from, String to) {
        Step s = stepsByName.get(from);
        return s != null && s.next().contains(to);
    }

    /** The steps that lead directly to {@code step}. */
    public List<String> predecessorsOf(String step) {
        List<String> result = new ArrayList<>();
        for (Step s : stepsByName.values()) {
            if (s.next().contains(step)) {
                result.add(s.name());
            }
        }
        return result;
    }

    /** The happy path of the process (e.g. PLACED, PAID, SHIPPED, DELIVERED). */
    public List<String> mainPath() {
        return mainPath;
    }

    public boolean isTerminal(String stepName) {
        Step s = stepsByName.get(stepName);
        return s != null && s.terminal();
    }

    /** Whether reaching this step gives the process up (e.g. CANCELLED). */
    public boolean abandons(String stepName) {
        Step s = stepsByName.get(stepName);
        return s != null && s.abandons();
    }

    /**
     * Whether reaching {@code reached} means {@code awaited} was reached (docs/contract.md): it is that step, or a
     * step that can only come after it, unless it abandons the process.
     */
    public boolean satisfies(String reached, String awaited) {
        return reached.equals(awaited) || (canReach(awaited, reached) && !abandons(reached));
    }

    public int rank(String stepName) {
        Step s = stepsByName.get(stepName);
        return s == null ? Integer.MAX_VALUE : s.rank();
    }
}
