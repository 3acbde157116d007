package io.sigillo.pec.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an independent command-line tool (openssl, xmllint) and captures what it says. */
public final class ExternalTool {

    /** Exit code and merged stdout/stderr. */
    public record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    /**
     * Runs the command; a missing tool fails the test with a hint rather than skipping it, since a check
     * that silently does not run proves nothing.
     */
    public static Result run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " is not installed; .ci/run installs it "
                    + "(apt-get install openssl libxml2-utils)", e);
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
