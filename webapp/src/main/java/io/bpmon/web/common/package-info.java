/**
 * What both faces of the web server share, the JSON API ({@code io.bpmon.web}) and the pages
 * ({@code io.bpmon.web.ui}): who is calling ({@link io.bpmon.web.common.Principal}), how a refused rule change is
 * answered ({@link io.bpmon.web.common.RuleChangeRefusal}), and the throttle on failed logins and API
 * authentications ({@link io.bpmon.web.common.AuthThrottle}). Both import this package; it imports neither.
 */
package io.bpmon.web.common;
