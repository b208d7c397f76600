package dev.marquee.trainer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Minimal line charts as PNG with headless Java2D (no plotting dependency). */
final class Plots {
  private Plots() {}

  record Series(String name, double[] x, double[] y, Color color) {}

  static void lines(
      Path png,
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      boolean logX,
      Double markX)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 800, h = 500, l = 80, r = 30, t = 50, b = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      double x0 = Double.POSITIVE_INFINITY,
          x1 = Double.NEGATIVE_INFINITY,
          y0 = Double.POSITIVE_INFINITY,
          y1 = Double.NEGATIVE_INFINITY;
      for (Series s : series) {
        for (int i = 0; i < s.x().length; i++) {
          if (!Double.isFinite(s.y()[i])) {
            continue;
          }
          double x = tx(s.x()[i], logX);
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, s.y()[i]);
          y1 = Math.max(y1, s.y()[i]);
        }
      }
      if (!(x1 > x0)) {
        x1 = x0 + 1;
      }
      if (!(y1 > y0)) {
        y1 = y0 + 1;
      }
      double pad = (y1 - y0) * 0.05;
      y0 -= pad;
      y1 += pad;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, l, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawRect(l, t, w - l - r, h - t - b);
      for (int i = 0; i <= 5; i++) {
        double yv = y0 + (y1 - y0) * i / 5;
        int py = py(yv, y0, y1, t, h - b);
        g.setColor(new Color(230, 230, 230));
        g.drawLine(l + 1, py, w - r - 1, py);
        g.setColor(Color.BLACK);
        g.drawString(String.format("%.3f", yv), 10, py + 4);
        double xv = x0 + (x1 - x0) * i / 5;
        int px = px(xv, x0, x1, l, w - r);
        g.drawString(
            logX ? String.format("%.0e", Math.pow(10, xv)) : String.format("%.3g", xv),
            px - 15,
            h - b + 18);
      }
      g.drawString(xLabel, w / 2 - 30, h - 15);
      g.drawString(yLabel, 10, t - 8);
      int legendY = t + 18;
      for (Series s : series) {
        g.setColor(s.color());
        g.setStroke(new BasicStroke(2f));
        int prevX = -1, prevY = -1;
        for (int i = 0; i < s.x().length; i++) {
          if (!Double.isFinite(s.y()[i])) {
            continue;
          }
          int px = px(tx(s.x()[i], logX), x0, x1, l, w - r), pyv = py(s.y()[i], y0, y1, t, h - b);
          if (prevX >= 0) {
            g.drawLine(prevX, prevY, px, pyv);
          }
          g.fillOval(px - 3, pyv - 3, 6, 6);
          prevX = px;
          prevY = pyv;
        }
        g.drawString(s.name(), w - r - 150, legendY);
        legendY += 16;
      }
      if (markX != null) {
        g.setColor(Color.RED);
        int px = px(tx(markX, logX), x0, x1, l, w - r);
        g.drawLine(px, t, px, h - b);
        g.drawString(String.format("suggested %.2e", markX), px + 4, t + 14);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", png.toFile());
  }

  private static double tx(double x, boolean log) {
    return log ? Math.log10(x) : x;
  }

  private static int px(double x, double x0, double x1, int left, int right) {
    return (int) Math.round(left + (x - x0) / (x1 - x0) * (right - left));
  }

  private static int py(double y, double y0, double y1, int top, int bottom) {
    return (int) Math.round(bottom - (y - y0) / (y1 - y0) * (bottom - top));
  }
}
