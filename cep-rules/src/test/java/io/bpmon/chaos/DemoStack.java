package io.bpmon.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ./bpmon demo} under test, seen from outside: its pid files ({@code DATA_DIR/run/<component>.pid},
 * docs/demo-supervision.md) and the server scripts it uses. The faults are what an operator or the machine does to
 * it: {@code kill -9} of a component, stopping a server with its script, and holding the supervisor itself
 * ({@code SIGSTOP}/{@code SIGCONT}) so that a stopped server stays down for as long as the fault asks.
 */
final class DemoStack {

    private final Path repo;
    private final Path dataDir;
    private final Path log;

    /**
     * @param log where the output of the scripts run here goes
     */
    DemoStack(Path repo, Path dataDir, Path log) {
        this.repo = repo;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** The component's process id, from its pid file, when it is written and names a live process. */
    Optional<Long> pid(String component) {
        try {
            String text = Files.readString(dataDir.resolve("run").resolve(component + ".pid")).strip();
            long pid = Long.parseLong(text);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code kill -9} of the component's process; its pid. */
    long kill9(String component) {
        long pid = pid(component).orElseThrow(() -> new IllegalStateException(component + " is not running"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL on Linux
        return pid;
    }

    /** Holds the demo's supervisor: it restarts nothing until {@link #releaseSupervisor}. */
    void holdSupervisor() throws IOException, InterruptedException {
        signal("STOP", pid("bpmon").orElseThrow(() -> new IllegalStateException("the demo is not running")));
    }

    void releaseSupervisor() throws IOException, InterruptedException {
        signal("CONT", pid("bpmon").orElseThrow(() -> new IllegalStateException("the demo is not running")));
    }

    /** {@code scripts/<script> stop DATA_DIR} (a graceful stop), output to the log. */
    void stopServer(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(repo.resolve("scripts").resolve(script).toString(), "stop", dataDir.toString())
                .directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("scripts/" + script + " stop failed; see " + log);
        }
    }

    private void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }
}
