/**
 * Rules on Flink CEP: {@link io.bpmon.job.rules.RulePatterns} compiles a rule to a pattern,
 * {@link io.bpmon.job.rules.RuleEvaluator} runs its NFA over one order (docs/rule-engine.md).
 */
package io.bpmon.job.rules;
