package org.koppel.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Keeps the data dir (the H2 database, its trace file, the secret key file) to Koppel's own
 * user: group and others lose every permission on the dir and on each file in it, so Koppel's
 * files end up 0700 and 0600, while a file the admin put there (a backup script) keeps what its
 * owner may do with it. Java cannot set the process umask, so H2 creates its files as the umask
 * says (often world-readable): the dir is made or narrowed before any bean (the DataSource, the
 * SecretBox) exists, which already keeps other users out, and the files in it are narrowed once
 * more when Koppel has started and H2 has made them. Nothing happens on file systems without
 * POSIX permissions, or when the database is not an H2 file in the data dir.
 */
@Component
class DataDirPermissions implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ApplicationStartedEvent> {

    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    /** What is taken from every file and from the dir. */
    static final Set<PosixFilePermission> NOT_OWNER = PosixFilePermissions.fromString("---rwxrwx");

    private Path dataDir;

    @Override
    public void setEnvironment(Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        String dir = environment.getProperty("koppel.data-dir");
        boolean dataInDir = url.startsWith("jdbc:h2:file:") || environment.getProperty("koppel.secret-key", "").isBlank();
        this.dataDir = dir == null || !dataInDir ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        narrow();
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        narrow();
    }

    private void narrow() {
        if (dataDir == null || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) return;
        try {
            if (Files.notExists(dataDir)) {
                Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(DIR));
            }
            ownerOnly(dataDir);
            try (Stream<Path> files = Files.list(dataDir)) {
                // not through a link: what it points at is not the data dir's
                for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    ownerOnly(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of the data dir " + dataDir, e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(path));
        if (permissions.removeAll(NOT_OWNER)) Files.setPosixFilePermissions(path, permissions);
    }
}
