/** Order events: {@link io.bpmon.core.event.EventParser} validates raw input and names every bad field. */
package io.bpmon.core.event;
