package dev.tensorj.datasets;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One file of a published dataset: where it lives under a data root ({@code folder/name}), where it
 * can be downloaded, and the checksums that prove it is the right file.
 *
 * <p>A file is accepted when the SHA-256 of its bytes is one of {@code sha256}, or, for a gzip file,
 * when the SHA-256 of its decompressed content equals {@code contentSha256}. The second rule exists
 * because repackagers rewrite gzip headers: Debian's Fashion-MNIST {@code .gz} files differ from
 * upstream only in the 10-byte header, so their file digests differ while the data is identical.
 *
 * @param folder        the dataset's folder under a data root, e.g. {@code mnist}
 * @param name          the file name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param urls          official download locations, tried in order
 * @param sha256        accepted SHA-256 digests of the file bytes (lower-case hex)
 * @param contentSha256 SHA-256 of the gunzipped content, or empty
 * @param md5           accepted MD5 digests of the file bytes, for files whose publisher gives only MD5
 *                      (an MD5 match is used as the publisher's word, not as protection from tampering)
 */
public record DataFile(String folder, String name, List<URI> urls, List<String> sha256, Optional<String> contentSha256, List<String> md5) {

    public DataFile {
        if (folder.isEmpty() || name.isEmpty()) throw new IllegalArgumentException("DataFile: folder and name must not be empty");
        if (sha256.isEmpty() && contentSha256.isEmpty() && md5.isEmpty()) {
            throw new IllegalArgumentException("DataFile " + folder + "/" + name + ": needs at least one checksum");
        }
        urls = List.copyOf(urls);
        sha256 = sha256.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        contentSha256 = contentSha256.map(h -> h.toLowerCase(Locale.ROOT));
        md5 = md5.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** A file checked by SHA-256 digests (of its bytes, or of its gunzipped content). */
    public DataFile(String folder, String name, List<URI> urls, List<String> sha256, Optional<String> contentSha256) {
        this(folder, name, urls, sha256, contentSha256, List.of());
    }

    /** A file checked by the SHA-256 of its bytes, downloadable from {@code baseUrl + name}. */
    public static DataFile of(String folder, String name, String baseUrl, String sha256) {
        return new DataFile(folder, name, List.of(URI.create(baseUrl + name)), List.of(sha256), Optional.empty());
    }

    /** The path of this file relative to a data root. */
    public String relativePath() {
        return folder + "/" + name;
    }

    /** The checksums, as one line for error messages. */
    public String describeChecksums() {
        StringBuilder text = new StringBuilder();
        for (String digest : sha256) text.append(text.isEmpty() ? "" : " or ").append("sha256 ").append(digest);
        contentSha256.ifPresent(d -> text.append(text.isEmpty() ? "" : " or ").append("sha256 of the gunzipped content ").append(d));
        for (String digest : md5) text.append(text.isEmpty() ? "" : " or ").append("md5 ").append(digest);
        return text.toString();
    }
}
