package org.koppel.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Dovecot IMAP server (Debian's {@code dovecot-imapd} package) on a free loopback port, plain
 * IMAP (no TLS), with its own folder for config, users and maildirs. Users are added while it runs
 * ({@link #newUser}): Dovecot reads its passwd-file again when the file changes. Every user has INBOX
 * and a "Sent" folder marked SPECIAL-USE {@code \Sent} (RFC 6154). Dovecot offers CONDSTORE, IDLE and
 * keywords ({@code PERMANENTFLAGS \*}).
 *
 * <p>Run as root (a container, CI), Dovecot's login and internal processes run as the package's
 * {@code dovenull} and {@code dovecot} users (Dovecot refuses to run them as root) and mail is stored as
 * {@code dovecot}; run as another user, everything runs as that user.
 *
 * <p>Without Dovecot installed the tests are skipped, unless {@code CI} is set: there a missing server
 * fails the build.
 */
public final class Dovecot implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final int USER_COUNT = 1000;
    private static final AtomicInteger USERS = new AtomicInteger();
    private static Dovecot shared;

    private final Process process;
    private final Path folder;
    private final int port;

    private Dovecot(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** One server for the whole test JVM, stopped when the JVM exits; tests isolate by user. */
    public static synchronized Dovecot shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Dovecot s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "dovecot-stop"));
        }
        return shared;
    }

    public static Dovecot start() {
        Path binary = binary();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before Dovecot binds it
            try {
                return startOn(binary, ServerProcesses.freePort());
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /**
     * A new user with an empty mailbox (INBOX and Sent); its password is {@link #password}. The users
     * are written before the start: Dovecot notices a changed passwd-file by its time stamp, which two
     * writes within a second can share.
     */
    public String newUser() {
        int n = USERS.incrementAndGet();
        if (n > USER_COUNT) throw new IllegalStateException("more than " + USER_COUNT + " Dovecot users in one JVM");
        return "user" + n;
    }

    public String password(String user) {
        return user + "-password";
    }

    @Override
    public void close() {
        ServerProcesses.stop(process, 10);
        ServerProcesses.deleteTree(folder);
    }

    private static Dovecot startOn(Path binary, int port) {
        Path folder;
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            folder = Files.createTempDirectory("koppel-dovecot-");
            // Dovecot's unprivileged processes must reach their sockets and the users' mail in here.
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path mail = Files.createDirectories(folder.resolve("mail"));
            var users = new StringBuilder();
            for (int i = 1; i <= USER_COUNT; i++) users.append("user").append(i).append(":{PLAIN}user").append(i).append("-password\n");
            Files.writeString(folder.resolve("users"), users);
            if (root) {
                UserPrincipalLookupService principals = folder.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(mail, principals.lookupPrincipalByName("dovecot"));
            }
            // not root: everything runs as this user and the group its files get
            String group = Files.readAttributes(folder, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
            Files.writeString(folder.resolve("dovecot.conf"), config(folder, port, root, group));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a Dovecot folder: " + e, e);
        }
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "-F", "-c", folder.resolve("dovecot.conf").toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("stdout").toFile()).start();
        } catch (IOException e) {
            ServerProcesses.deleteTree(folder);
            throw new IllegalStateException("cannot start " + binary + ": " + e, e);
        }
        Dovecot dovecot = new Dovecot(process, folder, port);
        dovecot.awaitReady();
        return dovecot;
    }

    private static String config(Path folder, int port, boolean root, String group) {
        String me = System.getProperty("user.name");
        String internal = root ? "dovecot" : me;
        String internalGroup = root ? "dovecot" : group;
        String login = root ? "dovenull" : me;
        String mailOwner = root ? "uid=dovecot gid=dovecot" : "uid=" + me + " gid=" + group;
        return """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                default_internal_user = %3$s
                default_internal_group = %6$s
                default_login_user = %4$s
                first_valid_uid = 0
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                  chroot =
                }
                service anvil {
                  chroot =
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/users
                }
                userdb {
                  driver = static
                  args = %5$s home=%1$s/mail/%%u
                }
                mail_location = maildir:~/Maildir
                namespace inbox {
                  inbox = yes
                  mailbox Sent {
                    special_use = \\Sent
                    auto = create
                  }
                }
                """.formatted(folder, port, internal, login, mailOwner, internalGroup);
    }

    /** Ready when a sign-in answers (the first one also waits for Dovecot's auth process). */
    private void awaitReady() {
        String user = newUser();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = ServerProcesses.readQuietly(folder.resolve("stdout")) + ServerProcesses.readQuietly(folder.resolve("dovecot.log"));
                ServerProcesses.deleteTree(folder);
                throw new IllegalStateException("Dovecot exited with " + process.exitValue() + ":\n" + output);
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                out.write(("a LOGIN " + user + " " + password(user) + "\r\nb LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("a OK")) return;
                    if (line.startsWith("a ")) throw new IllegalStateException("Dovecot refused the test sign-in: "
                            + line + "\n" + ServerProcesses.readQuietly(folder.resolve("dovecot.log")));
                }
            } catch (IOException e) {
                ServerProcesses.sleep(100); // not listening yet
            }
        }
        String output = ServerProcesses.readQuietly(folder.resolve("dovecot.log"));
        close();
        throw new IllegalStateException("Dovecot did not answer within " + STARTUP + ":\n" + output);
    }

    private static Path binary() {
        for (Path candidate : List.of(Path.of("/usr/sbin/dovecot"), Path.of("/usr/local/sbin/dovecot"))) {
            if (Files.isExecutable(candidate)) return candidate;
        }
        String message = "Dovecot is not installed (apt-get install dovecot-imapd); the IMAP tests on Dovecot need it";
        if (System.getenv("CI") != null) Assertions.fail(message + ", and CI must install it");
        Assumptions.abort(message + ": skipped");
        throw new AssertionError("unreachable");
    }
}
