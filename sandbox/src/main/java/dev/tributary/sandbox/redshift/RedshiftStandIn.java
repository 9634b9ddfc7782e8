package dev.tributary.sandbox.redshift;

import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.sandbox.postgres.LocalPostgres;

import dev.tributary.sandbox.tls.StandInTls;

import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for an Amazon Redshift cluster: real PostgreSQL behind a small wire adapter, so the unmodified Redshift
 * JDBC driver can talk to it. The adapter speaks TLS when a client asks (with a self-signed certificate, {@link
 * StandInTls}; the driver requires TLS for IAM sign-ins), drops the startup parameters PostgreSQL rejects
 * ({@code driver_version} and friends), checks the password itself against PostgreSQL's stored verifier (the local
 * server trusts loopback, a cluster would not), and then relays bytes. It accepts loopback peers only, on every
 * 127.x.y.z address, so each test integration can have a host of its own. The engine it reports is PostgreSQL.
 * A user name {@code IAM:<user>} signs in as {@code <user>} with a temporary password that the Redshift-API
 * stand-in's GetClusterCredentials handed out ({@link IamLogins}), as Redshift's IAM sign-in does. With a {@link
 * SharedDatabase} (the benchmark's fleet fixture), many database names lead into one real database.
 */
public final class RedshiftStandIn implements Closeable {
    public static final String ADMIN_USER = "awsuser";
    public static final String DEFAULT_DATABASE = "dev";
    /** The documented local default; override with TRIBUTARY_SANDBOX_PASSWORD. */
    public static final String DEFAULT_PASSWORD = "Sandbox-Passw0rd";

    private static final Logger LOG = Logger.getLogger(RedshiftStandIn.class.getName());
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    private static final int PROTOCOL_3 = 196608;
    private static final int MAX_STARTUP_LENGTH = 10_000;
    /** What PostgreSQL understands; everything else the Redshift driver sends is dropped. */
    private static final Set<String> FORWARDED_PARAMETERS = Set.of("user", "database", "application_name",
            "client_encoding", "DateStyle", "TimeZone", "extra_float_digits", "search_path", "options");

    private final LocalPostgres postgres;
    private final SignInLookups lookups;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private final ServerSocket server;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "redshift-stand-in");
        thread.setDaemon(true);
        return thread;
    });

    private final boolean acceptRemote;
    private volatile StatementHolds holds;
    private volatile SharedDatabase shared;

    private RedshiftStandIn(LocalPostgres postgres, ServerSocket server, boolean acceptRemote) {
        this.postgres = postgres;
        this.lookups = new SignInLookups(postgres);
        this.server = server;
        this.acceptRemote = acceptRemote;
    }

    /** Makes sure the admin user and the {@code dev} database exist, then listens on {@code port} (0 picks a free one). */
    public static RedshiftStandIn start(LocalPostgres postgres, int port, String adminPassword) throws IOException, SQLException {
        return start(postgres, port, adminPassword, false);
    }

    /** As above; {@code acceptRemote} also lets in peers from other machines (other containers, in docker-compose). */
    public static RedshiftStandIn start(LocalPostgres postgres, int port, String adminPassword, boolean acceptRemote)
            throws IOException, SQLException {
        prepareCluster(postgres, adminPassword);
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        // the wildcard address, so that every 127.x.y.z reaches it; non-loopback peers are turned away in accept()
        // unless acceptRemote
        server.bind(new InetSocketAddress(port), 256);
        RedshiftStandIn standIn = new RedshiftStandIn(postgres, server, acceptRemote);
        Thread acceptor = new Thread(standIn::acceptLoop, "redshift-stand-in-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return standIn;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Holds back statements as {@code holds} says, on connections opened from now on (a test seam). */
    public RedshiftStandIn holdingStatements(StatementHolds holds) {
        this.holds = holds;
        return this;
    }

    /**
     * Leads every database name that {@code shared} maps into its one real database, on connections opened from now
     * on (the benchmark's fleet fixture); creates that database when missing.
     */
    public RedshiftStandIn sharingDatabase(SharedDatabase shared) throws SQLException {
        postgres.createDatabase(shared.base());
        this.shared = shared;
        return this;
    }

    /** The admin user is a superuser, as {@code awsuser} is on a fresh cluster. */
    static void prepareCluster(LocalPostgres postgres, String adminPassword) throws SQLException {
        // as a SCRAM-SHA-256 verifier, so the plaintext stays out of PostgreSQL's log should the statement fail
        String password = SqlDialect.POSTGRESQL.passwordLiteral(ADMIN_USER, adminPassword);
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ADMIN_USER
                        + "') THEN CREATE ROLE " + ADMIN_USER + "; END IF; END $$");
                statement.execute("ALTER ROLE " + ADMIN_USER + " LOGIN SUPERUSER PASSWORD " + password);
                break;
            } catch (SQLException e) {
                // several processes starting at once race on the role (duplicate, or "tuple concurrently updated")
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        postgres.createDatabase(DEFAULT_DATABASE);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!acceptRemote && !client.getInetAddress().isLoopbackAddress()) {
                    client.close();
                    continue;
                }
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
            }
        }
    }

    private void serve(Socket accepted) {
        openSockets.add(accepted);
        Socket client = accepted;
        try (accepted) {
            accepted.setTcpNoDelay(true);
            accepted.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS); // a silent peer must not hold a thread during the handshake
            DataInputStream in = new DataInputStream(accepted.getInputStream());
            OutputStream out = accepted.getOutputStream();
            byte[] startup = readStartup(in, out);
            if (startup == null) {
                return;
            }
            int code = readInt(startup, 4);
            if (code == SSL_REQUEST) {
                // TLS when asked, as Redshift: the driver insists on it for IAM sign-ins; GSS encryption stays declined
                out.write('S');
                out.flush();
                SSLSocket tls = (SSLSocket) StandInTls.shared().context().getSocketFactory()
                        .createSocket(accepted, accepted.getInetAddress().getHostAddress(), accepted.getPort(), true);
                tls.setUseClientMode(false);
                tls.startHandshake();
                client = tls;
                openSockets.add(tls);
                in = new DataInputStream(tls.getInputStream());
                out = tls.getOutputStream();
                startup = readStartup(in, out);
                if (startup == null) {
                    return;
                }
                code = readInt(startup, 4);
            }
            if (code == CANCEL_REQUEST) {
                try (Socket upstream = connectUpstream()) {
                    upstream.getOutputStream().write(startup);
                }
                return;
            }
            if (code != PROTOCOL_3) {
                sendError(out, "08P01", "unsupported frontend protocol");
                return;
            }
            Map<String, String> parameters = parseParameters(startup);
            String user = parameters.get("user");
            if (user == null) {
                sendError(out, "28000", "no PostgreSQL user name specified in startup packet");
                return;
            }
            String password = requestPassword(in, out);
            boolean matches;
            try {
                matches = password != null && passwordMatches(user, password);
            } catch (SQLException e) {
                // as a cluster that cannot serve a sign-in now: an error the client can read, not a dropped connection
                LOG.log(Level.WARNING, "sign-in of " + user + " refused: PostgreSQL did not answer the password lookup", e);
                sendError(out, e.getSQLState() == null ? "08006" : e.getSQLState(),
                        "the password of \"" + user + "\" cannot be checked now: " + e.getMessage());
                return;
            }
            if (!matches) {
                sendError(out, "28P01", "password authentication failed for user \"" + user + "\"");
                return;
            }
            if (user.startsWith(IamLogins.PREFIX)) {
                // as Redshift does: "IAM:alice" on a temporary password is the database user alice
                parameters.put("user", user.substring(IamLogins.PREFIX.length()));
            }
            parameters.keySet().retainAll(FORWARDED_PARAMETERS);
            SharedDatabase sharing = shared;
            Session session = null;
            if (sharing != null) {
                String database = parameters.getOrDefault("database", parameters.get("user"));
                session = new Session(sharing, sharing.shared(database));
                parameters.put("database", sharing.database(database));
            }
            client.setSoTimeout(0);
            Socket connected;
            try {
                connected = connectUpstream();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "sign-in of " + user + " refused: PostgreSQL does not answer", e);
                sendError(out, "08006", "the cluster's database server does not answer: " + e.getMessage());
                return;
            }
            try (Socket upstream = connected) {
                openSockets.add(upstream);
                upstream.getOutputStream().write(startupMessage(parameters));
                relay(client, upstream, holds, session);
            } finally {
                openSockets.removeIf(Socket::isClosed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "connection ended", e);
        } finally {
            openSockets.remove(client);
            openSockets.remove(accepted);
            closeQuietly(client);
        }
    }

    /**
     * {@code IAM:<user>} signs in with a temporary password from GetClusterCredentials ({@link IamLogins}); any other
     * name with the role's own password.
     */
    private boolean passwordMatches(String user, String password) throws SQLException {
        if (user.startsWith(IamLogins.PREFIX)) {
            String dbUser = user.substring(IamLogins.PREFIX.length());
            return lookups.run(admin -> IamLogins.verifiers(admin, dbUser)).stream()
                    .anyMatch(verifier -> PasswordVerifier.matches(verifier, dbUser, password));
        }
        return PasswordVerifier.matches(lookups.run(admin -> LocalPostgres.passwordVerifier(admin, user)).orElse(null), user, password);
    }

    /** Reads the first startup packet, declining GSS encryption requests on the way (an SSL request is returned). */
    private static byte[] readStartup(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException e) {
                return null;
            }
            if (length < 8 || length > MAX_STARTUP_LENGTH) {
                return null;
            }
            byte[] packet = new byte[length];
            writeInt(packet, 0, length);
            in.readFully(packet, 4, length - 4);
            int code = readInt(packet, 4);
            if (code == GSSENC_REQUEST) {
                out.write('N');
                out.flush();
                continue;
            }
            return packet;
        }
    }

    private static Map<String, String> parseParameters(byte[] startup) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int position = 8;
        while (position < startup.length && startup[position] != 0) {
            int keyEnd = indexOfZero(startup, position);
            int valueEnd = indexOfZero(startup, keyEnd + 1);
            parameters.put(new String(startup, position, keyEnd - position, StandardCharsets.UTF_8),
                    new String(startup, keyEnd + 1, valueEnd - keyEnd - 1, StandardCharsets.UTF_8));
            position = valueEnd + 1;
        }
        return parameters;
    }

    private static byte[] startupMessage(Map<String, String> parameters) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.writeInt(0);
        data.writeInt(PROTOCOL_3);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            data.write(parameter.getKey().getBytes(StandardCharsets.UTF_8));
            data.write(0);
            data.write(parameter.getValue().getBytes(StandardCharsets.UTF_8));
            data.write(0);
        }
        data.write(0);
        byte[] message = body.toByteArray();
        writeInt(message, 0, message.length);
        return message;
    }

    /** Asks for a cleartext password (AuthenticationCleartextPassword) and reads the PasswordMessage. */
    private static String requestPassword(DataInputStream in, OutputStream out) throws IOException {
        out.write(new byte[]{'R', 0, 0, 0, 8, 0, 0, 0, 3});
        out.flush();
        int type = in.read();
        if (type != 'p') {
            return null;
        }
        int length = in.readInt();
        if (length < 5 || length > MAX_STARTUP_LENGTH) {
            return null;
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        int end = indexOfZero(body, 0);
        return new String(body, 0, end, StandardCharsets.UTF_8);
    }

    private static void sendError(OutputStream out, String sqlState, String message) throws IOException {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String[] field : new String[][]{{"S", "FATAL"}, {"V", "FATAL"}, {"C", sqlState}, {"M", message}}) {
            fields.write(field[0].charAt(0));
            fields.write(field[1].getBytes(StandardCharsets.UTF_8));
            fields.write(0);
        }
        fields.write(0);
        byte[] body = fields.toByteArray();
        DataOutputStream data = new DataOutputStream(out);
        data.write('E');
        data.writeInt(body.length + 4);
        data.write(body);
        data.flush();
    }

    private Socket connectUpstream() throws IOException {
        Socket upstream = new Socket();
        upstream.setTcpNoDelay(true);
        upstream.connect(new InetSocketAddress(InetAddress.getByName(postgres.host()), postgres.port()), 10_000);
        return upstream;
    }

    /**
     * Copies bytes both ways until either side closes. With statement holds or a shared database the client's side
     * goes message by message (held, rewritten), and with a shared database the server's too (to learn when a
     * session that changes it is idle again).
     */
    private static void relay(Socket client, Socket upstream, StatementHolds holds, Session session) throws IOException {
        Thread toClient = new Thread(() -> {
            if (session == null) {
                copy(upstream, client);
            } else {
                copyAnswers(upstream, client, session);
            }
        }, "redshift-stand-in-relay");
        toClient.setDaemon(true);
        toClient.start();
        try {
            if (holds == null && session == null) {
                copy(client, upstream);
            } else {
                copyStatements(client, upstream, holds, session);
            }
            toClient.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other side closed; closing both below ends the peer's copy too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /**
     * Forwards the client's protocol messages one at a time. A Query ('Q') or Parse ('P') message whose SQL a hold
     * matches waits until it is released; with a shared database its SQL is rewritten, and a statement that changes
     * the shared database waits for its turn.
     */
    private static void copyStatements(Socket from, Socket to, StatementHolds holds, Session session) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(from.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to.getOutputStream()));
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'Q' || type == 'P') {
                    int start = type == 'P' ? indexOfZero(body, 0) + 1 : 0; // a Parse names its statement first
                    int end = indexOfZero(body, start);
                    String sql = new String(body, start, end - start, StandardCharsets.UTF_8);
                    // what came before it reaches the server before this statement waits (for a hold, for its turn)
                    out.flush();
                    if (holds != null) {
                        holds.awaitRelease(sql);
                    }
                    if (session != null) {
                        session.beforeStatement(sql);
                        body = replace(body, start, end, session.sharing.rewrite(sql));
                    }
                }
                if (session != null) {
                    session.sent(type);
                }
                out.write(type);
                out.writeInt(body.length + 4);
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException ignored) {
            // the other side closed; closing both below ends the peer's copy too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Forwards the server's messages, telling the session of each ReadyForQuery ('Z') and the state it reports. */
    private static void copyAnswers(Socket from, Socket to, Session session) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(from.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to.getOutputStream()));
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                out.write(type);
                out.writeInt(length);
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
                if (type == 'Z') {
                    session.readyForQuery(body[0]);
                }
            }
        } catch (IOException ignored) {
            // the other side closed; closing both below ends the peer's copy too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** {@code body} with the bytes from {@code start} to {@code end} replaced by {@code text}. */
    private static byte[] replace(byte[] body, int start, int end, String text) {
        byte[] replacement = text.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[body.length - (end - start) + replacement.length];
        System.arraycopy(body, 0, result, 0, start);
        System.arraycopy(replacement, 0, result, start, replacement.length);
        System.arraycopy(body, end, result, start + replacement.length, body.length - end);
        return result;
    }

    /**
     * A connection's turn at changing a shared database: taken before a changing statement is forwarded, given back
     * at the first ReadyForQuery that answers it (or a later one) with the session idle ('I'), or when the
     * connection ends. Every Query and Sync message is answered by exactly one ReadyForQuery, in order.
     */
    private static final class Session {
        private final SharedDatabase sharing;
        private final boolean sessionShared;
        /** The startup message is answered by a ReadyForQuery too. */
        private long requests = 1;
        private long answers;
        private long holdUntil;
        private boolean holding;

        Session(SharedDatabase sharing, boolean sessionShared) {
            this.sharing = sharing;
            this.sessionShared = sessionShared;
        }

        void beforeStatement(String sql) throws InterruptedException {
            if (!sharing.serializes(sql, sessionShared)) {
                return;
            }
            boolean take;
            synchronized (this) {
                take = !holding;
            }
            if (take) {
                sharing.changes().acquire(); // outside the lock: the answers' thread must not wait on another session
            }
            synchronized (this) {
                holding = true;
                holdUntil = requests + 1; // this Query, or the Sync that follows this Parse
            }
        }

        synchronized void sent(int type) {
            if (type == 'Q' || type == 'S') {
                requests++;
            }
        }

        synchronized void readyForQuery(byte status) {
            answers++;
            if (holding && status == 'I' && answers >= holdUntil) {
                holding = false;
                sharing.changes().release();
            }
        }

        synchronized void close() {
            if (holding) {
                holding = false;
                sharing.changes().release();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static int indexOfZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    private static void writeInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    @Override
    public void close() throws IOException {
        server.close();
        openSockets.forEach(RedshiftStandIn::closeQuietly);
        connections.shutdownNow();
        lookups.close();
    }
}
