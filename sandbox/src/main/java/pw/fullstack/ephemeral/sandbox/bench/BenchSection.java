package pw.fullstack.ephemeral.sandbox.bench;

import java.io.PrintStream;

/** One part of the bench's report. */
@FunctionalInterface
public interface BenchSection {

    void print(BenchRun run, PrintStream out);
}
