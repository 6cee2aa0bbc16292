/**
 * Rule previews on stored history (docs/rule-preview.md): {@link io.bpmon.core.preview.PreviewPlan} turns a
 * STEP_SLA or STALL rule and a time range into one script-free {@link io.bpmon.core.preview.Condition} on order
 * documents (evaluable in Java for tests, rendered as an Elasticsearch query for use);
 * {@link io.bpmon.core.preview.VelocityPreview} judges a VELOCITY rule's sliding counts per segment with the
 * engine's verdict. The searches themselves are behind {@code io.bpmon.core.store.RulePreviewReader}.
 */
package io.bpmon.core.preview;
