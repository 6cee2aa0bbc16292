/**
 * Rules: the model ({@link io.bpmon.core.rules.Rule}), the one validator behind API and editor
 * ({@link io.bpmon.core.rules.RuleValidator}), their versions and storage ({@link io.bpmon.core.rules.RuleService}),
 * the rule editor's questions for API and pages alike ({@link io.bpmon.core.rules.RuleEditor}), and the velocity
 * windows ({@link io.bpmon.core.rules.VelocityWindow}).
 */
package io.bpmon.core.rules;
