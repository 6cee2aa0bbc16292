package io.bpmon.core;
