/** Event-time progress of a live monitor: {@link io.bpmon.core.time.LiveWatermark} (docs/event-time.md). */
package io.bpmon.core.time;
