package io.bpmon.job;

/**
 * A record of the rules topic: the rule's current JSON, or null when it was deleted. Rules travel as JSON (as
 * stored and served) and are parsed by each operator, so the stream needs no serializer for the rule model.
 */
public record RuleChange(String ruleId, String json) {}
