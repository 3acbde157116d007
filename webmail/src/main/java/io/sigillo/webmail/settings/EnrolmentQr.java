package io.sigillo.webmail.settings;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * An {@code otpauth://} enrolment URI as the QR code an authenticator app scans, drawn as one SVG path: a square per
 * dark module, with the four-module quiet zone around it that scanners need. No image is stored or served apart: the
 * key it carries is shown only on the page that enrols it.
 */
record EnrolmentQr(int size, String path) {

    private static final int QUIET_ZONE = 4;

    static EnrolmentQr of(String uri) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException("an enrolment URI too long for a QR code: " + e.getMessage(), e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                if (modules.get(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return new EnrolmentQr(modules.getWidth() + 2 * QUIET_ZONE, path.toString());
    }

    /** The SVG's view box. */
    public String viewBox() {
        return "0 0 " + size + " " + size;
    }
}
