package io.pulsecrm.deploy.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds tiny executable jars of the fake services, so tests start children exactly as the launcher does: java -jar. */
public final class TestJars {

    private TestJars() {
    }

    /** Writes {@code <dir>/<name>.jar} running {@link FakeService}. */
    public static Path fakeServiceJar(Path dir, String name) {
        return jar(dir, name, FakeService.class);
    }

    /** Writes {@code <dir>/<name>.jar} running {@link BrokenService}. */
    public static Path brokenServiceJar(Path dir, String name) {
        return jar(dir, name, BrokenService.class);
    }

    private static Path jar(Path dir, String name, Class<?> mainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        Path jar = dir.resolve(name + ".jar");
        try {
            Files.createDirectories(dir);
            Path classes = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packageDir = mainClass.getPackageName().replace('.', '/');
            List<Path> classFiles;
            try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
                // the class and its nested and lambda classes
                classFiles = files.filter(f -> f.getFileName().toString().startsWith(mainClass.getSimpleName())).toList();
            }
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Path classFile : classFiles) {
                    out.putNextEntry(new JarEntry(packageDir + "/" + classFile.getFileName()));
                    out.write(Files.readAllBytes(classFile));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        return io.pulsecrm.deploy.supervision.FreePorts.next();
    }

    public static List<String> javaJar(Path jar) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
    }
}
