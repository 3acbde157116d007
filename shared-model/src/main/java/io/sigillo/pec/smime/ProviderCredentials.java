package io.sigillo.pec.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The provider's signing key and certificate chain, read once from a PKCS#12 keystore. */
public record ProviderCredentials(PrivateKey privateKey, List<X509Certificate> chain) {

    public ProviderCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs its certificate");
        }
    }

    /** The signer's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Loads the key entry {@code alias} from a PKCS#12 file, or the only key entry when {@code alias} is null.
     *
     * @throws KeystoreException when the file is missing, the password is wrong or there is no usable key
     */
    public static ProviderCredentials fromPkcs12(Path file, char[] password, String alias) throws KeystoreException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String chosen = alias != null ? alias : onlyKeyAlias(store, file);
            if (!store.isKeyEntry(chosen)) {
                throw new KeystoreException("keystore " + file + " has no key entry named \"" + chosen + "\"");
            }
            PrivateKey key = (PrivateKey) store.getKey(chosen, password);
            Certificate[] certs = store.getCertificateChain(chosen);
            if (certs == null || certs.length == 0) {
                throw new KeystoreException("key \"" + chosen + "\" in " + file + " has no certificate");
            }
            return new ProviderCredentials(key,
                    Arrays.stream(certs).map(X509Certificate.class::cast).toList());
        } catch (IOException e) {
            throw new KeystoreException("cannot read keystore " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot open keystore " + file + ": " + e.getMessage(), e);
        }
    }

    private static String onlyKeyAlias(KeyStore store, Path file) throws GeneralSecurityException, KeystoreException {
        List<String> keys = Collections.list(store.aliases()).stream().filter(a -> {
            try {
                return store.isKeyEntry(a);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }).toList();
        if (keys.size() != 1) {
            throw new KeystoreException("keystore " + file + " holds " + keys.size()
                    + " keys; name the alias to use");
        }
        return keys.get(0);
    }
}
