package io.incidentfeeds.brokers.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secret files and directories that only their owner may read: created with those permissions
 * (0600, 0700), never widened, so no other user of the machine reads a password, key or
 * credential in the moment between writing and restricting. Where the file system has no POSIX
 * permissions (Windows) the enclosing directory's own permissions apply.
 */
public final class OwnerOnlyFile {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {
    }

    /** Writes {@code text} (UTF-8) to {@code file}, replacing it, as a new file of mode 0600. */
    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }

    /**
     * A secret file's text, trimmed. A file that others may read (written by an earlier version, or
     * by hand) is narrowed to 0600 first.
     */
    public static String read(Path file) throws IOException {
        try {
            if (!OWNER_READ_WRITE.containsAll(Files.getPosixFilePermissions(file))) {
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            }
        } catch (UnsupportedOperationException notPosix) {
            // the enclosing directory's permissions apply
        }
        return Files.readString(file).trim();
    }

    private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");

    /**
     * {@code dir} and missing parents; {@code dir} itself of mode 0700: created so, or, when it exists
     * and others may enter it (made by an earlier version, or by hand), narrowed to it. Only for
     * directories that hold nothing but secrets.
     */
    public static Path directory(Path dir) throws IOException {
        try {
            if (Files.isDirectory(dir)) {
                if (!OWNER_ALL.containsAll(Files.getPosixFilePermissions(dir))) {
                    Files.setPosixFilePermissions(dir, OWNER_ALL);
                }
                return dir;
            }
            Files.createDirectories(dir.toAbsolutePath().getParent());
            return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ALL));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createDirectories(dir); // the enclosing directory's permissions apply
        }
    }
}
