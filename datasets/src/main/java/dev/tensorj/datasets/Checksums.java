package dev.tensorj.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 digests of files and of their gunzipped content, and the check of a file against a {@link DataFile}. */
public final class Checksums {
    private Checksums() {
    }

    /** The SHA-256 of the file's bytes, as lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of the file's gunzipped content, as lower-case hex. */
    public static String gunzippedSha256(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return sha256(in);
        }
    }

    /** The MD5 of the file's bytes, as lower-case hex (only for files whose publisher gives nothing better). */
    public static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in, "MD5");
        }
    }

    static String sha256(InputStream in) throws IOException {
        return digest(in, "SHA-256");
    }

    private static String digest(InputStream in, String algorithm) throws IOException {
        MessageDigest digest = newDigest(algorithm);
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Whether {@code file} is the file that {@code expected} describes: its SHA-256 is one of the
     * accepted SHA-256 (or MD5) digests, or its gunzipped content has the expected digest. A gzip stream that does
     * not decompress counts as a mismatch.
     */
    public static boolean matches(Path file, DataFile expected) throws IOException {
        if (!expected.sha256().isEmpty() && expected.sha256().contains(sha256(file))) return true;
        if (!expected.md5().isEmpty() && expected.md5().contains(md5(file))) return true;
        if (expected.contentSha256().isEmpty()) return false;
        try {
            return expected.contentSha256().get().equals(gunzippedSha256(file));
        } catch (IOException notGzip) {
            return false;
        }
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
