/** The process definition, loaded from JSON: {@link io.bpmon.core.lifecycle.Lifecycle}. */
package io.bpmon.core.lifecycle;
