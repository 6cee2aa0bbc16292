package io.bpmon.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint under a local checkpoint directory, so that a restarted local job
 * ({@code ./bpmon demo} on the same data dir) resumes its state instead of starting empty. A Flink cluster does
 * this itself (high availability or {@code -s} on submission); this is only for the in-process MiniCluster.
 */
final class Checkpoints {

    private Checkpoints() {}

    static Optional<Path> latest(String checkpointDir) {
        if (checkpointDir == null) {
            return Optional.empty();
        }
        Path root = checkpointDir.startsWith("file:") ? Path.of(URI.create(checkpointDir)) : Path.of(checkpointDir);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(root)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(Checkpoints::completedIn)
                    .max(Comparator.comparingLong(Checkpoints::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + root, e);
        }
    }

    /**
     * Deletes the checkpoints of earlier runs except the job directory holding {@code keep}: every local run is a
     * new Flink job with its own directory, and without this they would pile up in the data dir.
     */
    static void pruneExcept(Path keep) {
        Path keepJob = keep.getParent();
        try (Stream<Path> jobs = Files.list(keepJob.getParent())) {
            for (Path job : jobs.filter(Files::isDirectory).filter(p -> !p.equals(keepJob)).toList()) {
                try (Stream<Path> tree = Files.walk(job)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // only disk space is at stake; the next start tries again
        }
    }

    private static Stream<Path> completedIn(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.exists(p.resolve("_metadata")))
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
