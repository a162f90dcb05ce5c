package dev.tensorj.datasets;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The IMDB movie-review sentiment data (Maas et al. 2011) in the encoding of Keras'
 * {@code keras.datasets.imdb}: 25,000 training and 25,000 test reviews, each a sequence of word
 * indices, labelled 0 (negative) or 1 (positive), half of each.
 * <pre>{@code
 * Imdb imdb = Imdb.load();
 * TensorDataset train = imdb.train().limitWords(10_000).toDataset(256);
 * System.out.println(imdb.decode(imdb.train().sequences()[0]));
 * }</pre>
 *
 * <h2>Encoding</h2>
 * Each review is split into words by {@link KerasTokenizer} (lower case, {@code <br />} and
 * punctuation removed), each word becomes its frequency rank from Keras'
 * {@code imdb_word_index.json} plus {@link #INDEX_FROM} = 3, and the sequence starts with
 * {@link #START}. Index 0 is {@link #PAD}, 1 {@link #START}, 2 {@link #OOV} (a word not in the
 * index, or beyond {@code numWords}). So "the", rank 1, is index 4.
 *
 * <h2>How this differs from Keras' {@code imdb.npz}</h2>
 * Keras ships pre-tokenised sequences made by an unpublished script; this class rebuilds them from
 * the original review texts ({@code aclImdb} v1.0) and Keras' own word index, so:
 * <ul>
 *   <li>Order: the reviews come in archive order (per split, negative reviews then positive, by
 *       review id); Keras shuffles each split with numpy seed 113. Shuffle before use (the
 *       {@link DataLoader} and {@link Splits} do).</li>
 *   <li>Tokens: Keras' index ranks "br" as word 7, so its sequences keep the {@code <br />}
 *       line breaks as a word; here they are removed. Other small tokenisation differences
 *       (Unicode lower-casing, apostrophes) can change a few words per review.</li>
 *   <li>Keras' {@code load_data(maxlen=...)} drops longer reviews; here nothing is dropped, and
 *       {@link ImdbReviews#toDataset(int)} pads and truncates instead ({@code pad_sequences}).</li>
 *   <li>Keras' {@code skip_top} is not offered.</li>
 * </ul>
 */
public final class Imdb {
    public static final int PAD = 0;
    public static final int START = 1;
    public static final int OOV = 2;
    public static final int INDEX_FROM = 3;

    static final DataFile ARCHIVE = new DataFile("imdb", "aclImdb_v1_labeled.tar.gz", List.of(),
            List.of("ddd768e6fd2269357a4b8e0177f144b2b4a3e154f6df2f49eca6b567246c3df0"), Optional.empty());
    /** The official Stanford archive (84 MB, with 50,000 unlabelled reviews that are ignored here). */
    static final DataFile OFFICIAL_ARCHIVE = new DataFile("imdb", "aclImdb_v1.tar.gz",
            List.of(URI.create("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz")),
            List.of("c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"), Optional.empty());
    static final DataFile WORD_INDEX = DataFile.of("imdb", "imdb_word_index.json",
            "https://storage.googleapis.com/tensorflow/tf-keras-datasets/", "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6");

    /** The dataset page of the official {@code aclImdb_v1.tar.gz}, which {@link #read} also accepts. */
    public static final String DATASET_PAGE = "https://ai.stanford.edu/~amaas/data/sentiment/";

    private final WordIndex wordIndex;
    private final ImdbReviews train;
    private final ImdbReviews test;

    private Imdb(WordIndex wordIndex, ImdbReviews train, ImdbReviews test) {
        this.wordIndex = wordIndex;
        this.train = train;
        this.test = test;
    }

    /** All 50,000 labelled reviews with the whole vocabulary. */
    public static Imdb load() {
        return load(DataLocator.standard());
    }

    /**
     * Reads the project's repacked {@code aclImdb_v1_labeled.tar.gz} when a data root holds it,
     * else the official {@code aclImdb_v1.tar.gz} (found or downloaded); the reviews are the same.
     */
    public static Imdb load(DataLocator locator) {
        Path archive = locator.findLocal(ARCHIVE).orElseGet(() -> locator.locate(OFFICIAL_ARCHIVE));
        return read(archive, locator.locate(WORD_INDEX));
    }

    /**
     * Reads reviews from a tar or tar.gz archive of the {@code aclImdb} tree (members
     * {@code aclImdb/<train|test>/<pos|neg>/<id>_<rating>.txt}; other members are ignored, so the
     * official {@code aclImdb_v1.tar.gz} works too) and a Keras word index.
     */
    public static Imdb read(Path archive, Path wordIndexFile) {
        WordIndex wordIndex = WordIndex.read(wordIndexFile);
        Builder train = new Builder(wordIndex), test = new Builder(wordIndex);
        TarArchive.read(archive, Imdb::isReview, (name, content) -> {
            String[] parts = name.split("/");
            (parts[1].equals("train") ? train : test).add(new String(content, StandardCharsets.UTF_8), parts[2].equals("pos") ? 1 : 0);
        });
        if (train.size() == 0 || test.size() == 0) {
            throw DatasetException.inFile(archive, "holds " + train.size() + " training and " + test.size()
                    + " test reviews; expected members aclImdb/<train|test>/<pos|neg>/<id>_<rating>.txt");
        }
        return new Imdb(wordIndex, train.build(), test.build());
    }

    private static boolean isReview(String name) {
        String[] parts = name.split("/");
        return parts.length == 4 && parts[0].equals("aclImdb") && (parts[1].equals("train") || parts[1].equals("test"))
                && (parts[2].equals("pos") || parts[2].equals("neg")) && parts[3].endsWith(".txt");
    }

    /** The 25,000 training reviews. */
    public ImdbReviews train() {
        return train;
    }

    /** The 25,000 test reviews. */
    public ImdbReviews test() {
        return test;
    }

    public WordIndex wordIndex() {
        return wordIndex;
    }

    /** The Keras index sequence of a text: {@link #START}, then each word's rank + 3, or {@link #OOV}. */
    public int[] encode(String text) {
        return encode(text, wordIndex);
    }

    static int[] encode(String text, WordIndex wordIndex) {
        int[][] sequence = {new int[64]};
        int[] length = {1};
        sequence[0][0] = START;
        KerasTokenizer.forEachWord(text, word -> {
            if (length[0] == sequence[0].length) sequence[0] = Arrays.copyOf(sequence[0], 2 * length[0]);
            int rank = wordIndex.rank(word);
            sequence[0][length[0]++] = rank == 0 ? OOV : rank + INDEX_FROM;
        });
        return Arrays.copyOf(sequence[0], length[0]);
    }

    /** A sequence back to words, for reading: padding is left out, START and OOV show as {@code <start>} and {@code <oov>}. */
    public String decode(int[] sequence) {
        StringBuilder text = new StringBuilder();
        for (int index : sequence) {
            if (index == PAD) continue;
            String word = switch (index) {
                case START -> "<start>";
                case OOV -> "<oov>";
                default -> {
                    String w = wordIndex.word(index - INDEX_FROM);
                    yield w == null ? "<unknown " + index + ">" : w;
                }
            };
            if (!text.isEmpty()) text.append(' ');
            text.append(word);
        }
        return text.toString();
    }

    /** Collects one split's texts and labels; the texts are encoded in parallel at the end. */
    private static final class Builder {
        private final WordIndex wordIndex;
        private final List<String> texts = new ArrayList<>();
        private final List<Long> labels = new ArrayList<>();

        Builder(WordIndex wordIndex) {
            this.wordIndex = wordIndex;
        }

        void add(String text, long label) {
            texts.add(text);
            labels.add(label);
        }

        int size() {
            return labels.size();
        }

        ImdbReviews build() {
            int[][] sequences = new int[texts.size()][];
            IntStream.range(0, texts.size()).parallel().forEach(i -> sequences[i] = encode(texts.get(i), wordIndex));
            return new ImdbReviews(sequences, labels.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
