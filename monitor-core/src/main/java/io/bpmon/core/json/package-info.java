/** The one Jackson configuration: {@link io.bpmon.core.json.Json}. */
package io.bpmon.core.json;
