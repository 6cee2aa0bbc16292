/**
 * The web server: {@link io.bpmon.web.WebMain} (wiring), {@link io.bpmon.web.WebApp} (the route table),
 * controllers for events, orders, rules, alerts and health. Reads what the job wrote; never calls into Flink.
 */
package io.bpmon.web;
