package dev.tensorj.datasets;

import java.util.List;
import java.util.Set;

/**
 * One file of a data set: its name, where it can be downloaded, and the SHA-256 digests it may have —
 * of the file as stored ({@code fileSha256}) or, for gzip files whose header differs between
 * distributions (Debian's Fashion-MNIST), of the decompressed bytes ({@code contentSha256}).
 */
public record DataFile(String dataset, String name, List<String> urls, Set<String> fileSha256, Set<String> contentSha256) {
}
