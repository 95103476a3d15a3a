package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How much physical memory a process holds (its resident set, {@code VmRSS} in {@code /proc/<pid>/status}): what eight
 * JVMs really cost a small machine, beyond their configured heaps. Empty where there is no {@code /proc} (macOS,
 * Windows) or the process is gone.
 */
public final class ResidentMemory {

    private static final Path PROC = Path.of("/proc");

    private ResidentMemory() {
    }

    public static OptionalLong of(long pid) {
        return of(PROC, pid);
    }

    static OptionalLong of(Path proc, long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).strip().split("\\s+");
                    return OptionalLong.of(Long.parseLong(parts[0]) * 1024); // the kernel reports kB
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
    }
}
