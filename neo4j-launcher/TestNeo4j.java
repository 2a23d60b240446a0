import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A throw-away Neo4j Community for tests: an embedded DatabaseManagementService with the Bolt
 * connector on 127.0.0.1 and auth disabled. Never for real data.
 *
 *   java -cp "$(cat target/classpath.txt)" TestNeo4j.java <dataDir> <port> [--delete-data-on-exit]
 *
 * (start.ts compiles it into target/classes once and runs the class, which starts ~1 s faster.)
 * Port 0 lets the OS choose. With --delete-data-on-exit the data folder is removed after shutdown,
 * also when the parent died without cleaning up. Prints one line `READY bolt://127.0.0.1:<port>` once Bolt accepts
 * connections (or `FAILED <reason>` and exits 1). Shuts down cleanly when stdin closes (so the
 * JVM cannot outlive the process that started it) or on SIGTERM / SIGINT.
 */
public final class TestNeo4j {
    /**
     * Small page cache: test graphs are tiny, and the machine runs other test workers. The
     * graph benchmark sets a server-like one with -Dtestneo4j.pageCacheMiB=<MiB>.
     */
    private static final long PAGE_CACHE_BYTES = Long.getLong("testneo4j.pageCacheMiB", 64L) * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3 || (args.length == 3 && !args[2].equals("--delete-data-on-exit"))) {
            System.err.println("usage: java -cp <classpath> TestNeo4j.java <dataDir> <port> [--delete-data-on-exit]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        boolean deleteData = args.length == 3;
        Files.createDirectories(dataDir);

        long started = System.nanoTime();
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(dataDir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, PAGE_CACHE_BYTES)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(2))
                    // Shutdown: Bolt's graceful waits default to 5 s each; nothing here needs them.
                    .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(200))
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(200))
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        AtomicBoolean stopped = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(1);
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                    if (deleteData) deleteTree(dataDir);
                } catch (Throwable e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "test-neo4j-shutdown"));

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        HostnamePort bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.out.println("FAILED the Bolt connector did not start (is neo4j-bolt on the classpath?)");
            stop.run();
            System.exit(1);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("READY bolt://127.0.0.1:" + bolt.getPort() + " " + ms + "ms");
        System.out.flush();

        Thread stdinWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // drain: the parent talks to us only by closing stdin
                }
            } catch (IOException ignored) {
                // a broken pipe means the parent is gone: stop as well
            }
            stop.run();
            System.exit(0);
        }, "test-neo4j-stdin");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        done.await();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
