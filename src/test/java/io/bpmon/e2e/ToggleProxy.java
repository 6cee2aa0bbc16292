package io.bpmon.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real server that a test can cut off and reconnect, to play an outage of that server
 * without stopping it for other tests. While cut off it accepts connections and closes them at once, and counts
 * them, so a test can wait until the client has tried (and retried) instead of sleeping.
 */
final class ToggleProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    ToggleProxy(URI target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "toggle-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Drops every open connection and refuses new ones until {@link #reconnect()}. */
    void cutOff() {
        connected.set(false);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    void reconnect() {
        connected.set(true);
    }

    /** Connections refused since the last cut-off. */
    int refusedConnections() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!connected.get()) {
                    refused.incrementAndGet();
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(target.getHost(), target.getPort());
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // connection ended
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "toggle-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutOff();
    }
}
