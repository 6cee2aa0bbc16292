/**
 * The contract as code, with no Flink or Javalin in it: {@code event} (parsing and validation), {@code lifecycle}
 * (the process definition), {@code order} (per-order state), {@code rules} and {@code alerts} (rule model,
 * validation, alert life), {@code time} (event-time progress), {@code config} (typed settings from the
 * environment), and the thin adapters both the job and the web server use: {@code kafka}, {@code store}. Beside
 * them, {@code simulation}: the traffic simulator behind {@code bpmon simulate}, the demo, the benchmarks and the
 * end-to-end tests; nothing else in here uses it.
 */
package io.bpmon.core;
