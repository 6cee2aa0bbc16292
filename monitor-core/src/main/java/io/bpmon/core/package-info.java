/**
 * The contract as code, with no Flink or Javalin in it: {@code event} (parsing and validation), {@code lifecycle}
 * (the process definition), {@code order} (per-order state), {@code rules} and {@code alerts} (rule model,
 * validation, alert life), {@code time} (event-time progress), {@code config} (typed settings from the
 * environment), and the thin adapters both the job and the web server use: {@code kafka}, {@code store}.
 */
package io.bpmon.core;
