package org.koppel.connector.carddav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The memory defence measured where it matters: a JVM with a 64 MiB heap survives a 50 MB PHOTO and
 * a 60 MB answer. (The node that died had -Xmx512m; the old client needed about twice the body.)
 */
class CardDavSmallHeapTest {

    @Test
    void aSixtyFourMegabyteHeapSurvivesAFiftyMegabytePhotoAndASixtyMegabyteAnswer() throws Exception {
        String output = withSmallHeap(SmallHeapCardDav.PHOTO_AND_JUNK);

        assertThat(output).contains("found=[a.vcf, c.vcf] skipped={b.vcf=card larger than 1 MiB skipped} listed=1");
    }

    /** Tiny elements cost a few bytes each on the wire and some dozens kept: 60 MB of them once took 380 MB. */
    @Test
    void aSixtyFourMegabyteHeapSurvivesASixtyMegabyteAnswerOfTinyElements() throws Exception {
        String output = withSmallHeap(SmallHeapCardDav.TINY_ELEMENTS);

        assertThat(output).containsPattern("listed=\\d+");
    }

    private static String withSmallHeap(String scenario) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SmallHeapCardDav.class.getName(), scenario))
                .redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
