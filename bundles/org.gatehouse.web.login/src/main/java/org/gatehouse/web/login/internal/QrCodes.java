package org.gatehouse.web.login.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * QR codes as inline SVG: scannable without JavaScript or an image request, and allowed by the
 * pages' Content-Security-Policy (inline SVG is markup, not a loaded resource).
 */
final class QrCodes {

    /** otpauth URIs are well under this; longer content would make a code too dense to scan from a screen. */
    static final int MAX_CONTENT = 1024;

    private QrCodes() {}

    /** @return an {@code <svg>} element, or an empty string for content that cannot be encoded */
    static String svg(String content, String id, String label) {
        if (content == null || content.isEmpty() || content.length() > MAX_CONTENT) {
            return "";
        }
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        } catch (WriterException | IllegalArgumentException e) {
            return "";
        }
        int w = matrix.getWidth();
        int h = matrix.getHeight();
        StringBuilder path = new StringBuilder(w * h);
        for (int y = 0; y < h; y++) {
            int x = 0;
            while (x < w) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < w && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y).append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg id=\"" + Html.escape(id) + "\" class=\"qr\" role=\"img\" aria-label=\"" + Html.escape(label)
                + "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + (w * 5) + "\" height=\"" + (h * 5)
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
