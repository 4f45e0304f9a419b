// Runs mongo-java-server (de.bwaldvogel) as a standalone process for tests and `npm start`.
// Launched as a single source file: java -cp "<libs>/*" MongoServerLauncher.java --port N --backend memory|h2 [--file path]
// It prints one ready line on stdout once the socket is bound and closes the backend on SIGTERM so that the
// H2 file store is committed and compacted cleanly (data survives a restart).

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

public class MongoServerLauncher {

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 27017;
        String backendName = "memory";
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--port" -> { port = Integer.parseInt(require(arg, value)); i++; }
                case "--host" -> { host = require(arg, value); i++; }
                case "--backend" -> { backendName = require(arg, value); i++; }
                case "--file" -> { file = require(arg, value); i++; }
                default -> fail("unknown argument: " + arg);
            }
        }

        MongoBackend backend;
        if (backendName.equals("memory")) {
            backend = new MemoryBackend();
        } else if (backendName.equals("h2")) {
            if (file == null) {
                fail("--backend h2 needs --file <path>");
            }
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            backend = new H2Backend(file);
        } else {
            fail("--backend must be memory or h2, got " + backendName);
            return;
        }

        MongoServer server = new MongoServer(backend);
        server.bind(host, port);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("MongoServerLauncher stopping");
            try {
                // shutdownNow closes client channels and then the backend; H2Backend.close() commits the MVStore.
                server.shutdownNow();
            } catch (RuntimeException e) {
                System.err.println("MongoServerLauncher shutdown error: " + e);
            }
            System.out.println("MongoServerLauncher stopped");
            System.out.flush();
            stopped.countDown();
        }, "mongo-shutdown"));

        // The Node side waits for this exact prefix.
        System.out.println("MongoServerLauncher ready on " + host + ":" + port + " backend=" + backendName
                + (file != null && backendName.equals("h2") ? " file=" + file : ""));
        System.out.flush();
        stopped.await();
    }

    private static String require(String flag, String value) {
        if (value == null) {
            fail(flag + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("MongoServerLauncher: " + message);
        System.exit(2);
    }
}
