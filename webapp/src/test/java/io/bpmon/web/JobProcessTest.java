package io.bpmon.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's pid file as the health check reads it: only a live process counts. */
class JobProcessTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindTheLiveProcessOfThePidFile() throws Exception {
        Path file = Files.writeString(dir.resolve("job.pid"), ProcessHandle.current().pid() + "\n");

        assertThat(new JobProcess(file).live()).contains(ProcessHandle.current());
        assertThat(JobProcess.started(ProcessHandle.current())).isPresent();
    }

    @Test
    void shouldFindNoProcessWhenTheFileIsMissingOrGarbledOrTheProcessEnded() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertThat(new JobProcess(dir.resolve("missing.pid")).live()).isEmpty();
        assertThat(new JobProcess(Files.writeString(dir.resolve("garbled.pid"), "12ab")).live()).isEmpty();
        assertThat(new JobProcess(Files.writeString(dir.resolve("ended.pid"), Long.toString(ended.pid()))).live())
                .isEmpty();
    }
}
