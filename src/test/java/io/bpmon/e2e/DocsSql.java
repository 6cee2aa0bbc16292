package io.bpmon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

/**
 * The Flink SQL of a docs file, run as an analyst would run it: every statement of its {@code ```sql} blocks in
 * order, on Flink's Table API against a MiniCluster in this JVM, with the docs' {@code localhost:9092} replaced by
 * the test broker. Queries must end by themselves (a bounded source, e.g. {@code 'scan.bounded.mode' =
 * 'latest-offset'}); their answer is the final table, the changelog a streaming query emits applied to an empty one.
 */
final class DocsSql {

    /** The broker address the docs' examples use. */
    static final String DOCS_BOOTSTRAP = "localhost:9092";

    /** One statement of a docs file; its label is the comment above it, or its first line without one. */
    record Statement(String label, String sql) {}

    /** A query's final table: column names and rows, each row as its values' text joined by single spaces. */
    record Answer(List<String> columns, List<String> rows) {
        @Override
        public String toString() {
            return String.join(" ", columns) + "\n  " + String.join("\n  ", rows);
        }
    }

    private DocsSql() {}

    /** The statements of every {@code ```sql} block of a markdown file, in order. */
    static List<Statement> statements(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Statement> statements = new ArrayList<>();
        boolean inSql = false;
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (!inSql) {
                inSql = line.strip().equals("```sql");
                continue;
            }
            if (line.strip().equals("```")) {
                if (current.stream().anyMatch(l -> !l.isBlank() && !isComment(l))) {
                    throw new IllegalStateException(markdown + ": a statement does not end with ';' before its "
                            + "block ends: " + String.join("\n", current));
                }
                current.clear();
                inSql = false;
                continue;
            }
            if (current.isEmpty() && line.isBlank()) {
                continue;
            }
            current.add(line);
            if (!isComment(line) && line.stripTrailing().endsWith(";")) {
                statements.add(statement(current));
                current.clear();
            }
        }
        if (inSql) {
            throw new IllegalStateException(markdown + ": a ```sql block is not closed");
        }
        return statements;
    }

    private static boolean isComment(String line) {
        return line.strip().startsWith("--");
    }

    private static Statement statement(List<String> lines) {
        List<String> label = new ArrayList<>();
        for (String line : lines) {
            if (!isComment(line)) {
                break;
            }
            label.add(line.strip().substring(2).strip());
        }
        String sql = String.join("\n", lines).stripTrailing();
        sql = sql.substring(0, sql.length() - 1); // executeSql takes one statement: the separator goes
        return new Statement(label.isEmpty() ? lines.get(0).strip() : String.join(" ", label), sql);
    }

    /**
     * Runs every statement of the file's {@code ```sql} blocks against {@code bootstrap}; returns each query's answer
     * by its label, in order. A statement that fails, or a query that does not end within {@code timeout}, fails.
     */
    static Map<String, Answer> run(Path markdown, String bootstrap, Duration timeout) throws Exception {
        List<Statement> statements = statements(markdown);
        if (statements.isEmpty()) {
            throw new AssertionError(markdown + " has no ```sql block");
        }
        // one cluster for all queries, as an analyst's session cluster: a job per query on a cluster of its own
        // (Flink's local execution) costs a start each, and the result fetcher warns when its cluster has gone
        Configuration clusterConf = new Configuration();
        clusterConf.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(clusterConf).setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build())) {
            cluster.start();
            URI rest = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
            Configuration conf = new Configuration();
            conf.set(DeploymentOptions.TARGET, "remote");
            conf.set(RestOptions.ADDRESS, rest.getHost());
            conf.set(RestOptions.PORT, rest.getPort());
            conf.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            TableEnvironment tables = TableEnvironment.create(
                    EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
            return run(markdown, statements, tables, bootstrap, timeout);
        }
    }

    private static Map<String, Answer> run(Path markdown, List<Statement> statements, TableEnvironment tables,
            String bootstrap, Duration timeout) throws Exception {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (Statement statement : statements) {
            if (statement.sql().contains("properties.bootstrap.servers") && !statement.sql().contains(DOCS_BOOTSTRAP)) {
                throw new AssertionError(markdown + ": '" + statement.label() + "' reads another broker than "
                        + DOCS_BOOTSTRAP + ", which the test replaces with its own");
            }
            String sql = statement.sql().replace(DOCS_BOOTSTRAP, bootstrap);
            TableResult result;
            try {
                result = tables.executeSql(sql);
            } catch (RuntimeException e) {
                throw new AssertionError(markdown + ": '" + statement.label() + "' fails: " + e.getMessage(), e);
            }
            if (result.getJobClient().isEmpty()) { // DDL: done
                continue;
            }
            if (answers.containsKey(statement.label())) {
                throw new IllegalStateException(markdown + ": two queries labelled '" + statement.label() + "'");
            }
            answers.put(statement.label(), answer(markdown, statement, result, timeout));
        }
        return answers;
    }

    private static Answer answer(Path markdown, Statement statement, TableResult result, Duration timeout)
            throws Exception {
        CompletableFuture<List<String>> rows = CompletableFuture.supplyAsync(() -> materialize(result));
        try {
            return new Answer(result.getResolvedSchema().getColumnNames(),
                    rows.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            result.getJobClient().orElseThrow().cancel().get(30, TimeUnit.SECONDS);
            throw new AssertionError(markdown + ": '" + statement.label() + "' did not end within " + timeout
                    + " (does its table read a bounded source, 'scan.bounded.mode'?)");
        } catch (ExecutionException e) {
            throw new AssertionError(markdown + ": '" + statement.label() + "' fails: " + e.getCause(), e.getCause());
        }
    }

    /** The changelog of a streaming query applied to an empty table: +I/+U add a row, -U/-D take one away. */
    private static List<String> materialize(TableResult result) {
        List<Row> table = new ArrayList<>();
        try (CloseableIterator<Row> changes = result.collect()) {
            while (changes.hasNext()) {
                Row change = changes.next();
                RowKind kind = change.getKind();
                Row row = Row.copy(change);
                row.setKind(RowKind.INSERT);
                if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                    table.add(row);
                } else if (!table.remove(row)) {
                    throw new IllegalStateException("a retraction of a row the query never emitted: " + change);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return table.stream().map(DocsSql::text).sorted().toList();
    }

    private static String text(Row row) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
            values.add(String.valueOf(row.getField(i)));
        }
        return values.stream().collect(Collectors.joining(" "));
    }
}
