package dev.tributary.sandbox.tls;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The TLS identity of the local stand-ins (Okta, STS, the Redshift API, and the Redshift stand-in for a client that
 * asks for TLS): an RSA key and a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, generated once
 * per process by the JDK's {@code keytool} (the JDK has no public API for making certificates). Nothing trusts it:
 * clients of the stand-ins turn certificate checks off for them ({@code tributary.redshift.okta.ssl-insecure}, and
 * the driver's non-validating factory), which no real deployment does.
 */
public final class StandInTls {
    private static StandInTls shared;

    private final SSLContext context;

    private StandInTls(SSLContext context) {
        this.context = context;
    }

    /** The process's one identity, made on first use. */
    public static synchronized StandInTls shared() throws IOException {
        if (shared == null) {
            shared = generate();
        }
        return shared;
    }

    public SSLContext context() {
        return context;
    }

    private static StandInTls generate() throws IOException {
        Path directory = Files.createTempDirectory("tributary-okta-tls");
        Path keyStore = directory.resolve("stand-in.p12");
        char[] password = UUID.randomUUID().toString().toCharArray();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "stand-in", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "30", "-dname", "CN=localhost, O=Tributary stand-in",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", new String(password), "-keypass", new String(password))
                .redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the stand-ins' certificate: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new StandInTls(context);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the stand-ins' certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the stand-ins' certificate", e);
        } finally {
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(directory);
        }
    }

    /** An HTTPS server on {@code bindAddress:port} (0 picks a free port) that serves {@code handler}, started. */
    public HttpsServer serve(String bindAddress, int port, String threadName, HttpHandler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", handler);
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server;
    }

    /**
     * A client-side context that accepts any server certificate: for tests and tools that call the stand-ins
     * directly (their test controls, say), since nothing trusts this identity. Never for a real endpoint.
     */
    public static SSLContext trustingAnyCertificate() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
