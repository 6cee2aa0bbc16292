package io.bpmon.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The job's process as its supervisor ({@code ./bpmon demo}) records it: a pid file that exists while the process
 * runs (docs/demo-supervision.md). Lets the health check see a dead job at once instead of after the job's reports
 * have gone stale.
 */
final class JobProcess {

    private final Path pidFile;

    JobProcess(Path pidFile) {
        this.pidFile = pidFile;
    }

    Path pidFile() {
        return pidFile;
    }

    /** The live process recorded in the pid file; empty when there is none, it is gone or a zombie. */
    Optional<ProcessHandle> live() {
        String text;
        try {
            text = Files.readString(pidFile).trim();
        } catch (IOException e) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> !zombie(pid));
    }

    /** When the process started, if the platform says. */
    static Optional<Instant> started(ProcessHandle process) {
        return process.info().startInstant();
    }

    /** A killed child lingers as a zombie until its parent reaps it (Linux: state Z in /proc/PID/stat). */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
