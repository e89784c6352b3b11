import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Draws the application icon, a blue shield holding a gold key, into ukey.png (256 px, Linux) and ukey.ico
 * (16 to 256 px, Windows; PNG entries, which Windows reads since Vista). The outputs are committed; run this only
 * to change the icon: {@code java installer/icons/DrawIcon.java installer/icons}.
 */
public class DrawIcon {

    private static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Files.write(dir.resolve("ukey.png"), png(draw(256)));
        List<byte[]> entries = new ArrayList<>();
        for (int size : ICO_SIZES) {
            entries.add(png(draw(size)));
        }
        Files.write(dir.resolve("ukey.ico"), ico(entries));
    }

    /** The drawing is made on a 100 x 100 grid and scaled. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 100.0, size / 100.0);

        Path2D shield = new Path2D.Double();
        shield.moveTo(50, 4);
        shield.curveTo(63, 12, 76, 15, 90, 15);
        shield.curveTo(90, 52, 80, 80, 50, 96);
        shield.curveTo(20, 80, 10, 52, 10, 15);
        shield.curveTo(24, 15, 37, 12, 50, 4);
        shield.closePath();
        g.setPaint(new GradientPaint(0, 0, new Color(0x2f80ed), 0, 100, new Color(0x1a4fa3)));
        g.fill(shield);
        g.setColor(new Color(0x0f3470));
        g.setStroke(new BasicStroke(3f));
        g.draw(shield);

        // the key: a ring, a shaft down the shield's middle, two bits
        Color gold = new Color(0xf5c542);
        g.setColor(gold);
        g.setStroke(new BasicStroke(7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Ellipse2D.Double(38, 20, 24, 24));
        g.fill(new Rectangle2D.Double(46.5, 43, 7, 38));
        g.fill(new Rectangle2D.Double(53, 62, 11, 6));
        g.fill(new Rectangle2D.Double(53, 73, 8, 6));
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** ICONDIR, one ICONDIRENTRY per image, then the PNG images. */
    static byte[] ico(List<byte[]> pngs) {
        int offset = 6 + 16 * pngs.size();
        int total = offset + pngs.stream().mapToInt(p -> p.length).sum();
        ByteBuffer ico = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) pngs.size());
        for (int i = 0; i < pngs.size(); i++) {
            int size = ICO_SIZES[i];
            ico.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            ico.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            ico.putInt(pngs.get(i).length).putInt(offset);
            offset += pngs.get(i).length;
        }
        pngs.forEach(ico::put);
        return ico.array();
    }
}
