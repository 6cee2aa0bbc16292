/**
 * What mutes notifications: {@link io.bpmon.alerting.silences.Silence} (which alerts, until when) and
 * {@link io.bpmon.alerting.silences.SilenceRequests} (the API's request, validated field by field). Where silences
 * are kept: {@link io.bpmon.alerting.storage.SilenceStore}.
 */
package io.bpmon.alerting.silences;
