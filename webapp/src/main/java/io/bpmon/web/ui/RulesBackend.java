package io.bpmon.web.ui;

import io.bpmon.core.rules.service.RuleEditor;
import io.bpmon.core.rules.service.RuleService;

/**
 * What the rules pages read and call: the rules with their changes and history, and the editor's questions — the
 * same two services behind {@code /api/rules} and the rule editor's API.
 */
public record RulesBackend(RuleService rules, RuleEditor editor) {}
