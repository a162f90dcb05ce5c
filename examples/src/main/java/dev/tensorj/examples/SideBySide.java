package dev.tensorj.examples;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Puts PNG figures next to each other in one PNG (the notebook's {@code plt.subplot(1, n, i)} panels). */
final class SideBySide {
    private SideBySide() {
    }

    static Path save(Path file, List<Path> panels) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Path p : panels) {
            BufferedImage image = ImageIO.read(p.toFile());
            if (image == null) throw new IOException("SideBySide: " + p + " is not an image");
            images.add(image);
        }
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) java.nio.file.Files.createDirectories(parent);
        if (!ImageIO.write(out, "png", file.toFile())) throw new IOException("SideBySide: no PNG writer for " + file);
        return file;
    }
}
