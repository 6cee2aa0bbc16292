/**
 * Rules: the model ({@link io.bpmon.core.rules.Rule}), the one validator behind API and editor
 * ({@link io.bpmon.core.rules.RuleValidator}), versions and diffs, and the velocity windows
 * ({@link io.bpmon.core.rules.VelocityWindow}). Changing and storing rules, and the editor's questions, are in
 * {@code io.bpmon.core.rules.service}, which uses this package, the store and the broker.
 */
package io.bpmon.core.rules;
