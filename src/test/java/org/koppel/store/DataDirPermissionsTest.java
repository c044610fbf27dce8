package org.koppel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koppel.KoppelApplication;
import org.koppel.testkit.TestUsers;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Koppel on its default H2 file database keeps the data dir and every file in it to its own user. */
class DataDirPermissionsTest {

    @TempDir Path temp;

    @Test
    void theDatabaseAndTheKeyFileAreReadableByKoppelsUserOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        Path dataDir = Files.createDirectory(temp.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path stale = Files.writeString(dataDir.resolve("koppel.trace.db"), "left by an earlier start");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = Files.writeString(dataDir.resolve("backup.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        // as arguments, which outrank application.yml as they do for ./koppel serve
        try (var koppel = new SpringApplicationBuilder(KoppelApplication.class).web(WebApplicationType.NONE)
                .run("--koppel.data-dir=" + dataDir, "--koppel.admin-password=" + TestUsers.ADMIN_PASSWORD,
                        "--koppel.sync.scheduler=false")) {
            assertThat(Files.exists(dataDir.resolve("koppel.mv.db"))).as("H2 made its file").isTrue();
            assertThat(Files.exists(dataDir.resolve("secret.key"))).as("the key file was made").isTrue();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(dataDir)) {
                assertThat(files.filter(Files::isRegularFile).filter(f -> !f.equals(script)).toList())
                        .hasSizeGreaterThanOrEqualTo(3).allSatisfy(file ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                                .as(file.getFileName().toString()).isEqualTo("rw-------"));
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
                    .as("a file of the admin's own keeps what its owner may do").isEqualTo("rwx------");
        }
    }
}
